import type { FeatureReading } from './features';

/**
 * Real-time triggers: time-sensitive conditions read from a vehicle's
 * features become events that later capabilities turn into offers.
 * `evaluateTriggers` is pure: the previous state and the clock reading go
 * in, the events, the suppressed candidates with reasons and the next state
 * come out.
 */
export const triggerKinds = ['tyre_pressure_loss', 'new_trouble_code', 'low_battery_soh', 'brake_wear'] as const;
export type TriggerKind = (typeof triggerKinds)[number];

export interface TriggerEvent {
  vin: string;
  kind: TriggerKind;
  at: number;
  detail: Record<string, number | string>;
  reasons: string[];
}

export interface TriggerConfig {
  /** The same vehicle + kind fires at most once within this window (default 24 h). */
  dedupeWindowMs: number;
  /** At most this many events per vehicle within `ratePeriodMs` (default 3 per 24 h). */
  maxPerVehicle: number;
  ratePeriodMs: number;
  lowSohPercent: number;
  brakeWearPercent: number;
}

export const defaultTriggerConfig: TriggerConfig = {
  dedupeWindowMs: 86_400_000,
  maxPerVehicle: 3,
  ratePeriodMs: 86_400_000,
  lowSohPercent: 80,
  brakeWearPercent: 80,
};

interface VehicleTriggerState {
  lastByKind: Partial<Record<TriggerKind, number>>;
  recent: number[];
  knownCodes: string[];
}

export type TriggerState = ReadonlyMap<string, VehicleTriggerState>;

export function emptyTriggerState(): TriggerState {
  return new Map();
}

interface Candidate {
  kind: TriggerKind;
  detail: Record<string, number | string>;
  reason: string;
}

function candidates(readings: ReadonlyMap<string, FeatureReading>, knownCodes: readonly string[], cfg: TriggerConfig): { list: Candidate[]; codes: string[] } {
  const list: Candidate[] = [];
  const tyre = readings.get('tyre_condition');
  const low = tyre?.detail?.low ?? 0;
  if (low > 0) list.push({ kind: 'tyre_pressure_loss', detail: { tyresLow: low, minKpa: typeof tyre?.value === 'number' ? tyre.value : NaN }, reason: `${low} tyre(s) below pressure` });
  const dtc = readings.get('trouble_codes')?.value;
  const codes = Array.isArray(dtc) ? (dtc as string[]) : [];
  const fresh = codes.filter((c) => !knownCodes.includes(c));
  if (fresh.length > 0) list.push({ kind: 'new_trouble_code', detail: { codes: fresh.join(',') }, reason: `new trouble code ${fresh.join(',')}` });
  const soh = readings.get('battery_health')?.value;
  if (typeof soh === 'number' && soh < cfg.lowSohPercent) list.push({ kind: 'low_battery_soh', detail: { soh }, reason: `state of health ${soh.toFixed(1)}% < ${cfg.lowSohPercent}%` });
  const wear = readings.get('brake_wear')?.value;
  if (typeof wear === 'number' && wear >= cfg.brakeWearPercent) list.push({ kind: 'brake_wear', detail: { padWear: wear }, reason: `pad wear ${wear}% ≥ ${cfg.brakeWearPercent}%` });
  return { list, codes };
}

export interface TriggerOutcome {
  events: TriggerEvent[];
  suppressed: { kind: TriggerKind; reason: 'duplicate_within_window' | 'vehicle_rate_limited' }[];
  state: TriggerState;
}

export function evaluateTriggers(state: TriggerState, vin: string, readings: ReadonlyMap<string, FeatureReading>, now: Date, cfg: TriggerConfig = defaultTriggerConfig): TriggerOutcome {
  const t = now.getTime();
  const prev = state.get(vin);
  const v: VehicleTriggerState = {
    lastByKind: { ...prev?.lastByKind },
    recent: (prev?.recent ?? []).filter((x) => x > t - cfg.ratePeriodMs),
    knownCodes: prev?.knownCodes ?? [],
  };
  const { list, codes } = candidates(readings, v.knownCodes, cfg);
  v.knownCodes = codes;
  const events: TriggerEvent[] = [];
  const suppressed: TriggerOutcome['suppressed'] = [];
  for (const c of list) {
    const last = v.lastByKind[c.kind];
    if (last !== undefined && t - last < cfg.dedupeWindowMs) {
      suppressed.push({ kind: c.kind, reason: 'duplicate_within_window' });
      continue;
    }
    if (v.recent.length >= cfg.maxPerVehicle) {
      suppressed.push({ kind: c.kind, reason: 'vehicle_rate_limited' });
      continue;
    }
    v.lastByKind[c.kind] = t;
    v.recent.push(t);
    events.push({ vin, kind: c.kind, at: t, detail: c.detail, reasons: [c.reason] });
  }
  const next = new Map(state);
  next.set(vin, v);
  return { events, suppressed, state: next };
}
