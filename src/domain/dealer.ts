import { z } from 'zod';
import { NodeId } from './tenant';

/** Certified technician competencies a dealer can hold. */
export const competencies = ['general', 'adas_calibration', 'high_voltage', 'body_repair', 'tyres', 'software_update'] as const;
export const Competency = z.enum(competencies);
export type Competency = z.infer<typeof Competency>;

export const TechnicianPool = z.strictObject({
  competency: Competency,
  technicians: z.int().min(0).max(500),
  hoursPerDay: z.number().min(0).max(24),
});
export type TechnicianPool = z.infer<typeof TechnicianPool>;

export const Dealer = z.strictObject({
  id: NodeId,
  code: z.string().regex(/^[A-Z0-9]{3,12}$/),
  name: z.string().min(1).max(200),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  /** Territory as postal-code prefixes. */
  territory: z.array(z.string().min(1).max(12)).max(500),
  serviceBaysPerDay: z.int().min(0).max(1000),
  technicians: z.array(TechnicianPool),
  /** 0 = no competition nearby, 1 = intense. */
  competitionIndex: z.number().min(0).max(1),
});
export type Dealer = z.infer<typeof Dealer>;

export const StockLine = z.strictObject({
  dealerId: NodeId,
  sku: z.string().min(1).max(64),
  kind: z.enum(['part', 'vehicle']),
  quantity: z.int().min(0),
});
export type StockLine = z.infer<typeof StockLine>;
