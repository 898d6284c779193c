import { checkVin, type Clock } from '../kernel';
import { decodeCompactBatch, decodeCompactJson, type CompactBatch, type DecodeResult } from './compact-batch';
import { createFeatureEngine, defaultFeatureExtractors, type FeatureEngine, type VehicleFeatureState } from './features';
import { checkCodedValue, checkJsonValue, checkSeq, checkTime, compactCodable, defaultTimeLimits, newSeqState, type SeqState, type TimeLimits } from './point-checks';
import { clip, type QuarantineSink } from './quarantine';
import { emptyReasonCounts, type ReasonCounts, type RejectReason } from './reject-reasons';
import { scanSimplePayload, type SimpleRecord } from './simple-format';
import { datatypeKinds, type SignalTable } from './vss-catalog';

export interface IngestContext {
  /** 'mqtt', 'http', 'file', 'test' … stored with quarantine entries. */
  transport?: string;
  /** The VIN named by the MQTT topic (or the authenticated client); points for another VIN are rejected. */
  topicVin?: string;
}

export interface IngestResult {
  /** accepted + rejected; an unreadable payload or line counts as one. */
  offered: number;
  accepted: number;
  rejected: number;
  byReason: ReasonCounts;
  /** Vehicles whose features changed. */
  vins: string[];
}

export interface VehicleRecord {
  readonly vin: string;
  readonly features: VehicleFeatureState;
  readonly seq: SeqState;
  newestTs: number;
  odometer: number;
}

export interface IngestorDeps {
  table: SignalTable;
  sink: QuarantineSink;
  clock: Clock;
  engine?: FeatureEngine;
  limits?: Partial<TimeLimits>;
}

export interface Ingestor {
  readonly table: SignalTable;
  readonly engine: FeatureEngine;
  /** JSON (one point, an array, or `{schemaVersion:1, points:[...]}`) or NDJSON, as text or bytes. */
  ingestSimple(payload: string | Uint8Array, ctx?: IngestContext): IngestResult;
  /** One or more concatenated binary compact frames. */
  ingestCompact(payload: Uint8Array, ctx?: IngestContext): IngestResult;
  /** The JSON twin of the compact frame. */
  ingestCompactJson(payload: string | Uint8Array, ctx?: IngestContext): IngestResult;
  /** Already-parsed point records (adapters, tests). */
  ingestRecords(records: readonly unknown[], ctx?: IngestContext): IngestResult;
  /** Quarantines a whole payload a transport could not hand over (e.g. an unsupported content type). */
  rejectPayload(reason: RejectReason, detail: string, raw: string, ctx?: IngestContext): IngestResult;
  vehicle(vin: string): VehicleRecord | undefined;
  vehicles(): IterableIterator<VehicleRecord>;
  /** Puts a vehicle's saved state back (after a restart); replaces any state held for that VIN. */
  restoreVehicle(rec: VehicleRecord): void;
  totals(): { accepted: number; rejected: number; byReason: ReasonCounts };
}

const textDecoder = new TextDecoder('utf-8');

export function createIngestor(deps: IngestorDeps): Ingestor {
  const { table, sink, clock } = deps;
  const engine = deps.engine ?? createFeatureEngine(table, defaultFeatureExtractors);
  const lim: TimeLimits = { ...defaultTimeLimits, ...deps.limits };
  const vehicles = new Map<string, VehicleRecord>();
  const odometerId = table.ids.get('Vehicle.TraveledDistance') ?? -1;
  const totals = { accepted: 0, rejected: 0, byReason: emptyReasonCounts() };

  function newResult(): IngestResult {
    return { offered: 0, accepted: 0, rejected: 0, byReason: emptyReasonCounts(), vins: [] };
  }

  function reject(res: IngestResult, reason: RejectReason, points: number, detail: string, raw: string, vin: string | null, path: string | null, ctx: IngestContext, now: number): void {
    res.rejected += points;
    res.offered += points;
    res.byReason[reason] += points;
    totals.rejected += points;
    totals.byReason[reason] += points;
    sink.put({ reason, detail, vin, path, raw: clip(raw), points, transport: ctx.transport ?? 'unknown', receivedAt: now });
  }

  function record(vin: string, res: IngestResult): VehicleRecord | null {
    let rec = vehicles.get(vin);
    if (rec) {
      if (res.vins[res.vins.length - 1] !== vin && !res.vins.includes(vin)) res.vins.push(vin);
      return rec;
    }
    if (!checkVin(vin).valid) return null;
    rec = { vin, features: engine.newVehicle(vin), seq: newSeqState(), newestTs: -Infinity, odometer: -Infinity };
    vehicles.set(vin, rec);
    res.vins.push(vin);
    return rec;
  }

  function safeStringify(value: unknown): string {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }

  function ingestOne(r: unknown, res: IngestResult, ctx: IngestContext, now: number): void {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      reject(res, 'point_shape', 1, 'a point must be an object', safeStringify(r), null, null, ctx, now);
      return;
    }
    const p = r as SimpleRecord;
    const vin = typeof p.vin === 'string' ? p.vin : null;
    const path = typeof p.path === 'string' ? p.path : null;
    if (p.schemaVersion !== undefined && p.schemaVersion !== 1) return reject(res, 'schema_version', 1, `schemaVersion ${String(p.schemaVersion)}`, safeStringify(r), vin, path, ctx, now);
    if (vin === null || path === null || !('value' in p) || (typeof p.ts !== 'number' && typeof p.ts !== 'string'))
      return reject(res, 'point_shape', 1, 'needs vin, path, value, ts', safeStringify(r), vin, path, ctx, now);
    if (p.seq !== undefined && !(typeof p.seq === 'number' && Number.isSafeInteger(p.seq) && p.seq >= 0))
      return reject(res, 'point_shape', 1, 'seq must be a non-negative integer', safeStringify(r), vin, path, ctx, now);
    if (ctx.topicVin !== undefined && vin !== ctx.topicVin) return reject(res, 'topic_vin_mismatch', 1, `topic names ${ctx.topicVin}`, safeStringify(r), vin, path, ctx, now);
    const rec = record(vin, res);
    if (!rec) return reject(res, 'vin_invalid', 1, 'VIN fails ISO 3779 checks', safeStringify(r), vin, path, ctx, now);
    const sid = table.ids.get(path);
    if (sid === undefined) return reject(res, 'unknown_path', 1, `not a VSS ${table.version} signal`, safeStringify(r), vin, path, ctx, now);
    if (p.unit !== undefined && p.unit !== table.unit[sid]) return reject(res, 'unit_mismatch', 1, `expected ${table.unit[sid] ?? 'no unit'}`, safeStringify(r), vin, path, ctx, now);
    const v = checkJsonValue(table, sid, p.value);
    if (typeof v === 'string') return reject(res, v, 1, `${table.datatype[sid]} ${table.unit[sid] ?? ''} [${table.min[sid]}, ${table.max[sid]}]`, safeStringify(r), vin, path, ctx, now);
    if (sid === odometerId && v < rec.odometer) return reject(res, 'out_of_range', 1, 'odometer decreasing', safeStringify(r), vin, path, ctx, now);
    const ts = typeof p.ts === 'number' ? p.ts : Date.parse(p.ts);
    const tr = checkTime(ts, now, rec.newestTs, lim);
    if (tr) return reject(res, tr, 1, `ts ${String(p.ts)}`, safeStringify(r), vin, path, ctx, now);
    if (typeof p.seq === 'number') {
      const sr = checkSeq(rec.seq, p.seq);
      if (sr !== 'ok') return reject(res, sr, 1, `seq ${p.seq}`, safeStringify(r), vin, path, ctx, now);
    }
    if (sid === odometerId) rec.odometer = v;
    if (ts > rec.newestTs) rec.newestTs = ts;
    engine.update(rec.features, sid, v, ts, p.value);
    res.accepted++;
    res.offered++;
    totals.accepted++;
  }

  function countCells(b: CompactBatch): number {
    let n = 0;
    for (const c of b.columns) for (let i = 0; i < c.length; i++) if (c[i] === c[i]) n++;
    return n;
  }

  function ingestBatch(b: CompactBatch, res: IngestResult, ctx: IngestContext, now: number): void {
    const head = (): string => safeStringify({ vin: b.vin, t0: b.t0, seq: b.seq, n: b.ts.length, paths: b.paths });
    if (ctx.topicVin !== undefined && b.vin !== ctx.topicVin) return reject(res, 'topic_vin_mismatch', countCells(b), `topic names ${ctx.topicVin}`, head(), b.vin, null, ctx, now);
    const rec = record(b.vin, res);
    if (!rec) return reject(res, 'vin_invalid', countCells(b), 'VIN fails ISO 3779 checks', head(), b.vin, null, ctx, now);
    const sr = checkSeq(rec.seq, b.seq);
    if (sr !== 'ok') return reject(res, sr, countCells(b), `batch seq ${b.seq}`, head(), b.vin, null, ctx, now);
    const cols = b.columns.length;
    const sids = new Int32Array(cols);
    // Every compact-codable kind reduces to "integer or not, within [lo, hi]" (booleans are 0..1, enums 0..n-1);
    // the fast check below uses that, and the slow path finds the exact reason.
    const lo = new Float64Array(cols);
    const hi = new Float64Array(cols);
    const intCol = new Uint8Array(cols);
    for (let k = 0; k < cols; k++) {
      const path = b.paths[k] as string;
      const sid = table.ids.get(path);
      const col = b.columns[k] as Float64Array;
      let cells = 0;
      if (sid === undefined || !compactCodable(table, sid)) {
        for (let i = 0; i < col.length; i++) if (col[i] === col[i]) cells++;
        sids[k] = -1;
        if (cells > 0) reject(res, sid === undefined ? 'unknown_path' : 'datatype', cells, sid === undefined ? 'not a VSS signal' : 'not codable in the compact format', head(), b.vin, path, ctx, now);
      } else {
        sids[k] = sid;
        const kind = table.kind[sid];
        const allowed = table.allowed[sid];
        lo[k] = kind === datatypeKinds.boolean || kind === datatypeKinds.string ? 0 : (table.min[sid] as number);
        hi[k] = kind === datatypeKinds.boolean ? 1 : kind === datatypeKinds.string ? (allowed?.length ?? 0) - 1 : (table.max[sid] as number);
        intCol[k] = kind === datatypeKinds.float ? 0 : 1;
        if (sid === odometerId) lo[k] = Math.max(lo[k] as number, rec.odometer);
      }
    }
    const n = b.ts.length;
    const t0 = b.t0;
    const features = rec.features;
    let accepted = 0;
    let newest = rec.newestTs;
    for (let i = 0; i < n; i++) {
      const ts = t0 + (b.ts[i] as number);
      const tr = checkTime(ts, now, newest, lim);
      let advanced = false;
      for (let k = 0; k < cols; k++) {
        const sid = sids[k] as number;
        if (sid < 0) continue;
        const v = (b.columns[k] as Float64Array)[i] as number;
        if (v !== v) continue;
        const fast = tr === null && v >= (lo[k] as number) && v <= (hi[k] as number) && (intCol[k] === 0 || Number.isInteger(v));
        const vr = fast ? null : (tr ?? checkCodedValue(table, sid, v) ?? (sid === odometerId && v < rec.odometer ? 'out_of_range' : null));
        if (vr !== null) {
          reject(res, vr, 1, tr ? `ts ${ts}` : `value ${v}`, safeStringify({ vin: b.vin, path: b.paths[k], value: v, ts }), b.vin, b.paths[k] as string, ctx, now);
          continue;
        }
        if (sid === odometerId) {
          rec.odometer = v;
          lo[k] = v;
        }
        if (!advanced) {
          engine.advance(features, ts);
          advanced = true;
        }
        engine.dispatch(features, sid, v, ts, undefined);
        accepted++;
      }
      if (tr === null && ts > newest) newest = ts;
    }
    rec.newestTs = newest;
    res.accepted += accepted;
    res.offered += accepted;
    totals.accepted += accepted;
  }

  function handleDecoded(d: DecodeResult, res: IngestResult, ctx: IngestContext, now: number, raw: () => string): void {
    if (d.ok) ingestBatch(d.batch, res, ctx, now);
    else reject(res, d.reason, 1, d.detail, raw(), null, null, ctx, now);
  }

  return {
    table,
    engine,
    ingestSimple(payload, ctx = {}) {
      const now = clock().getTime();
      const res = newResult();
      const text = typeof payload === 'string' ? payload : textDecoder.decode(payload);
      scanSimplePayload(text, (item) => {
        if (item.kind === 'record') ingestOne(item.value, res, ctx, now);
        else reject(res, item.reason, item.points, item.detail, item.raw, null, null, ctx, now);
      });
      return res;
    },
    ingestCompact(payload, ctx = {}) {
      const now = clock().getTime();
      const res = newResult();
      let offset = 0;
      while (offset < payload.length) {
        const d = decodeCompactBatch(payload, offset);
        const at = offset;
        handleDecoded(d, res, ctx, now, () => `<${payload.length - at} bytes from offset ${at}>`);
        offset += d.bytes > 0 ? d.bytes : payload.length;
      }
      if (payload.length === 0) reject(res, 'malformed_payload', 1, 'empty payload', '', null, null, ctx, now);
      return res;
    },
    ingestCompactJson(payload, ctx = {}) {
      const now = clock().getTime();
      const res = newResult();
      const text = typeof payload === 'string' ? payload : textDecoder.decode(payload);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        reject(res, 'malformed_payload', 1, 'not JSON', text, null, null, ctx, now);
        return res;
      }
      handleDecoded(decodeCompactJson(value), res, ctx, now, () => text);
      return res;
    },
    ingestRecords(records, ctx = {}) {
      const now = clock().getTime();
      const res = newResult();
      for (const r of records) ingestOne(r, res, ctx, now);
      return res;
    },
    rejectPayload(reason, detail, raw, ctx = {}) {
      const res = newResult();
      reject(res, reason, 1, detail, raw, null, null, ctx, clock().getTime());
      return res;
    },
    vehicle: (vin) => vehicles.get(vin),
    vehicles: () => vehicles.values(),
    restoreVehicle(rec) {
      if (rec.features.slab.length !== engine.slabSize) throw new Error(`saved state of ${rec.vin} has ${rec.features.slab.length} slots, the engine ${engine.slabSize}`);
      vehicles.set(rec.vin, rec);
    },
    totals: () => ({ accepted: totals.accepted, rejected: totals.rejected, byReason: { ...totals.byReason } }),
  };
}
