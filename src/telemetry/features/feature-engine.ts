import { ForecourtError } from '../../kernel';
import type { SignalTable } from '../vss-catalog';
import type { BoundInputs, FeatureExtractor, FeatureReading } from './define-feature-extractor';
import { dayMs } from './define-feature-extractor';

/** Slab header: first ts, newest ts, day index of newest ts, decayed observed ms. */
const header = 4;

export interface VehicleFeatureState {
  readonly vin: string;
  readonly slab: Float64Array;
}

export interface FeatureEngineOptions {
  /** Decayed sums halve every this many days (default 28). */
  halfLifeDays?: number;
  /** Params per extractor code; each is parsed with the extractor's zod schema. */
  params?: Record<string, unknown>;
}

export interface FeatureEngine {
  readonly extractors: readonly FeatureExtractor[];
  readonly slabSize: number;
  newVehicle(vin: string): VehicleFeatureState;
  /** Applies one accepted point. `sid` is the catalog id; `v` the numeric value (enum index, 0/1, array length). */
  update(vs: VehicleFeatureState, sid: number, v: number, ts: number, raw: unknown): void;
  /** The two halves of `update`, for callers that apply many points with one timestamp: advance the clock once, then dispatch each. */
  advance(vs: VehicleFeatureState, ts: number): void;
  dispatch(vs: VehicleFeatureState, sid: number, v: number, ts: number, raw: unknown): void;
  /** True when at least one extractor listens to the signal. */
  listens(sid: number): boolean;
  read(vs: VehicleFeatureState): { code: string; reading: FeatureReading }[];
}

export function createFeatureEngine(table: SignalTable, extractors: readonly FeatureExtractor[], options: FeatureEngineOptions = {}): FeatureEngine {
  const halfLife = options.halfLifeDays ?? 28;
  const offsets: number[] = [];
  const params: unknown[] = [];
  const bound: BoundInputs[] = [];
  const lists: { e: number; input: number }[][] = Array.from({ length: table.size }, () => []);
  let size = header;
  extractors.forEach((x, e) => {
    offsets.push(size);
    size += x.stateSize;
    const parsed = x.params.safeParse(options.params?.[x.code] ?? {});
    if (!parsed.success) throw new ForecourtError('CONFIG_INVALID', `params of feature ${x.code}`, parsed.error.issues);
    params.push(parsed.data);
    const enums: (readonly string[] | null)[] = [];
    x.signals.forEach((path, input) => {
      const sid = table.ids.get(path);
      if (sid === undefined) throw new ForecourtError('CONFIG_INVALID', `feature ${x.code} listens to ${path}, which is not in VSS ${table.version}`);
      lists[sid]?.push({ e, input });
      enums.push(table.allowed[sid] ?? null);
    });
    bound.push({ enums });
  });
  // Flat dispatch table: for signal id k, entries start[k] .. start[k+1]-1.
  const start = new Int32Array(table.size + 1);
  const dispE: number[] = [];
  const dispIn: number[] = [];
  lists.forEach((l, k) => {
    start[k] = dispE.length;
    for (const d of l) {
      dispE.push(d.e);
      dispIn.push(d.input);
    }
  });
  start[table.size] = dispE.length;
  const de = Int32Array.from(dispE);
  const di = Int32Array.from(dispIn);
  const offs = Int32Array.from(offsets);

  function rollDays(slab: Float64Array, days: number): void {
    const f = Math.pow(0.5, days / halfLife);
    slab[3] = (slab[3] as number) * f;
    for (let e = 0; e < extractors.length; e++) {
      const x = extractors[e] as FeatureExtractor;
      const o = offs[e] as number;
      for (let k = 0; k < x.decayed; k++) slab[o + k] = (slab[o + k] as number) * f;
    }
  }

  return {
    extractors,
    slabSize: size,
    newVehicle(vin) {
      const slab = new Float64Array(size);
      slab[0] = NaN;
      slab[1] = NaN;
      extractors.forEach((x, e) => x.init(slab, offs[e] as number));
      return { vin, slab };
    },
    listens: (sid) => (start[sid + 1] as number) > (start[sid] as number),
    update(vs, sid, v, ts, raw) {
      advance(vs, ts);
      dispatch(vs, sid, v, ts, raw);
    },
    advance,
    dispatch,
    read(vs) {
      const ctx = { observedMs: vs.slab[3] as number, lastTs: vs.slab[1] as number };
      return extractors.map((x, e) => ({ code: x.code, reading: x.read(vs.slab, offs[e] as number, params[e], ctx) }));
    },
  };

  function advance(vs: VehicleFeatureState, ts: number): void {
    const slab = vs.slab;
    const last = slab[1] as number;
    if (last !== last) {
      slab[0] = ts;
      slab[1] = ts;
      slab[2] = Math.floor(ts / dayMs);
    } else if (ts > last) {
      const day = Math.floor(ts / dayMs);
      const prevDay = slab[2] as number;
      if (day > prevDay) {
        // Time up to the day boundary counts before the decay, the rest after.
        slab[3] = (slab[3] as number) + (day * dayMs - last);
        rollDays(slab, day - prevDay);
        slab[3] = (slab[3] as number) + (ts - day * dayMs);
        slab[2] = day;
      } else slab[3] = (slab[3] as number) + (ts - last);
      slab[1] = ts;
    }
  }

  function dispatch(vs: VehicleFeatureState, sid: number, v: number, ts: number, raw: unknown): void {
    const slab = vs.slab;
    const end = start[sid + 1] as number;
    for (let j = start[sid] as number; j < end; j++) {
      const e = de[j] as number;
      (extractors[e] as FeatureExtractor).update(slab, offs[e] as number, di[j] as number, v, ts, raw, params[e], bound[e] as BoundInputs);
    }
  }
}
