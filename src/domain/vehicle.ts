import { z } from 'zod';
import { checkVin } from '../kernel';
import { MarketCode } from './market';
import { NodeId } from './tenant';

export const Powertrain = z.enum(['ice', 'hev', 'phev', 'bev']);
export type Powertrain = z.infer<typeof Powertrain>;

export const VehicleModel = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,40}$/),
  brand: z.string().min(1).max(60),
  name: z.string().min(1).max(100),
  powertrain: Powertrain,
});
export type VehicleModel = z.infer<typeof VehicleModel>;

export const Trim = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,60}$/),
  modelId: z.string(),
  name: z.string().min(1).max(100),
  msrpMinor: z.int().min(0),
});
export type Trim = z.infer<typeof Trim>;

export const HardwareVariant = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,60}$/),
  modelId: z.string(),
  name: z.string().min(1).max(100),
  /** SAE J3016 level of the most capable automation feature fitted (RULES.md §1.1). */
  adasLevel: z.int().min(0).max(5),
});
export type HardwareVariant = z.infer<typeof HardwareVariant>;

export const Vin = z.string().superRefine((v, ctx) => {
  const r = checkVin(v);
  if (!r.valid) ctx.addIssue({ code: 'custom', message: r.reason === 'format' ? 'VIN must be 17 characters A–Z/0–9 without I, O, Q' : 'VIN check digit does not match' });
});

export const SemVer = z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'semantic version such as 4.2.0');

export const Vehicle = z.strictObject({
  vin: Vin,
  modelId: z.string(),
  trimId: z.string(),
  hardwareVariantId: z.string(),
  market: MarketCode,
  modelYear: z.int().min(1990).max(2100),
  softwareVersion: SemVer,
  homeDealerId: NodeId.nullable(),
  ownerId: z.string().nullable(),
  odometerKm: z.number().min(0).max(2_000_000),
  registeredAt: z.iso.datetime(),
});
export type Vehicle = z.infer<typeof Vehicle>;
