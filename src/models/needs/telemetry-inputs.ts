import { z } from 'zod';
import type { TelemetryFeatures } from './define-need-score';

/**
 * From stored telemetry features (`vehicle_features.features`, written by the telemetry
 * pipeline) and the vehicle's equipment to the named inputs of the need scorers
 * (src/models/needs). Each input is one row: where it comes from and how it is derived.
 * An input without a source, or whose source feature has no value yet, is absent: it is
 * never filled with a default.
 */
export const StoredFeatures = z.object({
  features: z.array(z.object({ code: z.string(), value: z.unknown(), detail: z.record(z.string(), z.number()).optional() })),
});
export type StoredReading = z.infer<typeof StoredFeatures>['features'][number];

/** Equipment facts from the vehicle record (model powertrain, hardware ADAS level). */
export interface VehicleFacts {
  powertrain: string | null;
  adasLevel: number | null;
}

export interface NeedInput {
  name: string;
  value: number;
  /** The feature or vehicle fact the value comes from. */
  from: string;
}

interface InputSource {
  input: string;
  from: string;
  derive(reading: (code: string) => StoredReading | undefined, facts: VehicleFacts): number | undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const weeksPerMonth = 30.44 / 7;

export const needInputSources: readonly InputSource[] = [
  { input: 'highwayShare', from: 'road_type_share', derive: (r) => num(r('road_type_share')?.value) },
  // Share of moving time at urban speeds: the pipeline's measure of slow, congested driving.
  { input: 'stopAndGoExposure', from: 'road_type_share.detail.urban', derive: (r) => (num(r('road_type_share')?.value) === undefined ? undefined : num(r('road_type_share')?.detail?.urban)) },
  { input: 'monthlyKm', from: 'distance_per_week', derive: (r) => { const v = num(r('distance_per_week')?.value); return v === undefined ? undefined : v * weeksPerMonth; } },
  { input: 'hasAdas', from: 'vehicle.hardware.adas_level', derive: (_r, f) => (f.adasLevel === null ? undefined : f.adasLevel >= 2 ? 1 : 0) },
  { input: 'tyrePressureCondition', from: 'tyre_condition.detail.low', derive: (r) => {
    const t = r('tyre_condition');
    const low = num(t?.detail?.low);
    return num(t?.value) === undefined || low === undefined ? undefined : 1 - Math.min(4, low) / 4;
  } },
  { input: 'brakeWear', from: 'brake_wear', derive: (r) => { const v = num(r('brake_wear')?.value); return v === undefined ? undefined : v / 100; } },
  { input: 'isEv', from: 'vehicle.model.powertrain', derive: (_r, f) => (f.powertrain === null ? undefined : f.powertrain === 'bev' || f.powertrain === 'phev' ? 1 : 0) },
  { input: 'dcFastShare', from: 'charging_behaviour', derive: (r) => num(r('charging_behaviour')?.value) },
  { input: 'towingShare', from: 'towing', derive: (r) => num(r('towing')?.value) },
  // Not observed by the pipeline: kmSinceService, publicSessionsPerMonth, homeChargingShare,
  // trailerConnectsPerMonth, the equipment gates hasIntersectionAssist and hasTowPackage, and
  // per-vehicle V2X counts (V2X is never joined to one vehicle, THREATS.md §5).
];

/** The need-scorer inputs that can be derived for one vehicle, with their sources. */
export function needInputsOf(readings: readonly StoredReading[], facts: VehicleFacts): { values: TelemetryFeatures; used: NeedInput[] } {
  const byCode = new Map(readings.map((r) => [r.code, r]));
  const reading = (code: string) => byCode.get(code);
  const values: TelemetryFeatures = {};
  const used: NeedInput[] = [];
  for (const s of needInputSources) {
    const v = s.derive(reading, facts);
    if (v === undefined || !Number.isFinite(v)) continue;
    values[s.input] = v;
    used.push({ name: s.input, value: v, from: s.from });
  }
  return { values, used };
}

/** The readings of a stored snapshot, or an empty list when it holds none (e.g. written without consent). */
export function storedReadings(raw: unknown): StoredReading[] {
  const obj = typeof raw === 'string' ? safeJson(raw) : raw;
  const parsed = StoredFeatures.safeParse(obj);
  return parsed.success ? parsed.data.features : [];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
