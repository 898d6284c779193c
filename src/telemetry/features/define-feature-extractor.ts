import type { z } from 'zod';

/** What an extractor reports; `detail` carries secondary numbers of the same attribute. */
export interface FeatureReading {
  value: number | boolean | string | readonly string[] | null;
  unit: string;
  detail?: Record<string, number>;
}

/** Facts about the vehicle's observation window, given to `read`. */
export interface ReadContext {
  /** Decayed observed wall time in ms (same decay as the extractor's decayed slots). */
  observedMs: number;
  /** Timestamp of the newest accepted point. */
  lastTs: number;
}

/** Per-input facts bound at engine creation (allowed values of enum signals, in catalog order). */
export interface BoundInputs {
  enums: readonly (readonly string[] | null)[];
}

/**
 * A rolling per-vehicle feature (STYLE.md §1). Its state is `stateSize`
 * numbers inside the vehicle's Float64Array slab starting at offset `o`; the
 * first `decayed` of them are sums that the engine halves every
 * `halfLifeDays` (applied once per day boundary), which makes the feature a
 * rolling one without keeping history.
 *
 * Methods (not arrow properties) so that a registry of extractors with
 * different params types type-checks as one list.
 */
export interface FeatureExtractor<P = unknown> {
  readonly code: string;
  readonly description: string;
  /** VSS paths this extractor listens to; `input` in `update` is the index here. */
  readonly signals: readonly string[];
  readonly params: z.ZodType<P>;
  readonly stateSize: number;
  readonly decayed: number;
  init(s: Float64Array, o: number): void;
  update(s: Float64Array, o: number, input: number, v: number, ts: number, raw: unknown, p: P, bound: BoundInputs): void;
  read(s: Float64Array, o: number, p: P, ctx: ReadContext): FeatureReading;
}

export interface FeatureExtractorDefinition<P> {
  code: string;
  description: string;
  signals: readonly string[];
  params: z.ZodType<P>;
  stateSize: number;
  decayed?: number;
  /** Slots set to NaN at creation (for "not seen yet" markers); others start at 0. */
  nanSlots?: readonly number[];
  update(s: Float64Array, o: number, input: number, v: number, ts: number, raw: unknown, p: P, bound: BoundInputs): void;
  read(s: Float64Array, o: number, p: P, ctx: ReadContext): FeatureReading;
}

export function defineFeatureExtractor<P>(def: FeatureExtractorDefinition<P>): FeatureExtractor<P> {
  const nanSlots = def.nanSlots ?? [];
  return {
    code: def.code,
    description: def.description,
    signals: def.signals,
    params: def.params,
    stateSize: def.stateSize,
    decayed: def.decayed ?? 0,
    init(s, o) {
      for (const k of nanSlots) s[o + k] = NaN;
    },
    update: def.update,
    read: def.read,
  };
}

/** Sample-and-hold bookkeeping for the speed signal, shared by several extractors. */
export const maxSpeedGapS = 10;

/**
 * Slots [t, t+1] hold the previous speed sample's time (ms) and value (km/h).
 * Returns the seconds the previous speed was held (0 for the first or an
 * out-of-order sample, capped at `maxSpeedGapS` so gaps do not invent driving).
 */
export function advanceSpeed(s: Float64Array, t: number, v: number, ts: number): number {
  const last = s[t] as number;
  if (last !== last) {
    s[t] = ts;
    s[t + 1] = v;
    return 0;
  }
  if (ts <= last) return 0;
  const dt = Math.min((ts - last) / 1000, maxSpeedGapS);
  s[t] = ts;
  s[t + 1] = v;
  return dt;
}

export const dayMs = 86_400_000;
export const weekMs = 7 * dayMs;
