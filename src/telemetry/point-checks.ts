import type { SignalTable } from './vss-catalog';
import { datatypeKinds } from './vss-catalog';
import type { RejectReason } from './reject-reasons';

/**
 * Hand-written checks for the hot ingest path (documented exception to
 * "parse every boundary with zod", STYLE.md §3): the catalog table is the
 * schema, and these functions return a reason code or the numeric value.
 */

export interface TimeLimits {
  /** Earliest plausible timestamp (default 2000-01-01). */
  minTs: number;
  /** First implausible timestamp (default 2100-01-01). */
  maxTs: number;
  /** How far ahead of the receive time a point may be (default 5 min, THREATS.md §5). */
  maxFutureMs: number;
  /** How far behind the receive time a point may be (default 7 days, THREATS.md §5). */
  maxAgeMs: number;
  /** How far behind the vehicle's newest point a point may be (default 5 min). */
  reorderToleranceMs: number;
}

export const defaultTimeLimits: TimeLimits = {
  minTs: Date.UTC(2000, 0, 1),
  maxTs: Date.UTC(2100, 0, 1),
  maxFutureMs: 5 * 60_000,
  maxAgeMs: 7 * 86_400_000,
  reorderToleranceMs: 5 * 60_000,
};

export function checkTime(ts: number, now: number, newest: number, lim: TimeLimits): RejectReason | null {
  if (!(ts >= lim.minTs && ts < lim.maxTs)) return 'ts_invalid';
  if (ts > now + lim.maxFutureMs) return 'ts_future';
  if (ts < now - lim.maxAgeMs) return 'ts_stale';
  if (ts < newest - lim.reorderToleranceMs) return 'out_of_order';
  return null;
}

/** Checks a number already coded for the compact format (0/1, enum index, number). */
export function checkCodedValue(t: SignalTable, sid: number, v: number): RejectReason | null {
  const kind = t.kind[sid];
  if (kind === datatypeKinds.float) return v >= (t.min[sid] as number) && v <= (t.max[sid] as number) ? null : 'out_of_range';
  if (kind === datatypeKinds.int) {
    if (!Number.isInteger(v)) return 'datatype';
    return v >= (t.min[sid] as number) && v <= (t.max[sid] as number) ? null : 'out_of_range';
  }
  if (kind === datatypeKinds.boolean) return v === 0 || v === 1 ? null : 'datatype';
  if (kind === datatypeKinds.string) {
    const allowed = t.allowed[sid];
    if (!allowed) return 'datatype';
    return Number.isInteger(v) && v >= 0 && v < allowed.length ? null : 'not_allowed';
  }
  return 'datatype';
}

/** True when a column of this signal can travel in the compact format. */
export function compactCodable(t: SignalTable, sid: number): boolean {
  const kind = t.kind[sid];
  return kind === datatypeKinds.float || kind === datatypeKinds.int || kind === datatypeKinds.boolean || (kind === datatypeKinds.string && t.allowed[sid] !== null);
}

const maxStringLength = 1024;
const maxArrayLength = 256;

/**
 * Checks a JSON value against the signal. Returns the numeric code the
 * feature engine sees (0/1, number, enum index or -1 for a free string, array
 * length), or a reject reason.
 */
export function checkJsonValue(t: SignalTable, sid: number, value: unknown): number | RejectReason {
  const kind = t.kind[sid];
  if (kind === datatypeKinds.float || kind === datatypeKinds.int) {
    if (typeof value !== 'number') return 'datatype';
    if (value !== value) return 'out_of_range';
    return checkCodedValue(t, sid, value) ?? value;
  }
  if (kind === datatypeKinds.boolean) return typeof value === 'boolean' ? (value ? 1 : 0) : 'datatype';
  if (kind === datatypeKinds.string) {
    if (typeof value !== 'string' || value.length > maxStringLength) return 'datatype';
    const idx = t.allowedIndex[sid];
    if (!idx) return -1;
    const i = idx.get(value);
    return i === undefined ? 'not_allowed' : i;
  }
  if (!Array.isArray(value) || value.length > maxArrayLength) return 'datatype';
  if (kind === datatypeKinds.stringArray) {
    const idx = t.allowedIndex[sid];
    for (const item of value) {
      if (typeof item !== 'string' || item.length > maxStringLength) return 'datatype';
      if (idx && !idx.has(item)) return 'not_allowed';
    }
    return value.length;
  }
  for (const item of value) {
    if (typeof item !== 'number' || !Number.isFinite(item)) return 'datatype';
    if (item < (t.min[sid] as number) || item > (t.max[sid] as number)) return 'out_of_range';
  }
  return value.length;
}

/** Sequence numbers: a high-water mark plus a ring of the last `seqWindow` seen (1 KiB per vehicle). */
export const seqWindow = 256;

export interface SeqState {
  high: number;
  ring: Uint32Array;
}

export function newSeqState(): SeqState {
  return { high: -1, ring: new Uint32Array(seqWindow) };
}

/** 'ok' marks the seq as seen; 'duplicate' for a replay; 'out_of_order' for one older than the window. */
export function checkSeq(st: SeqState, seq: number): 'ok' | 'duplicate' | 'out_of_order' {
  const slot = seq % seqWindow;
  const tag = (seq % 0xffffffff) + 1; // 0 marks an empty slot
  if (seq > st.high) {
    st.high = seq;
    st.ring[slot] = tag;
    return 'ok';
  }
  if (seq <= st.high - seqWindow) return 'out_of_order';
  if (st.ring[slot] === tag) return 'duplicate';
  st.ring[slot] = tag;
  return 'ok';
}
