import { z } from 'zod';

/**
 * The compact columnar batch: one vehicle, one time window, signals as
 * columns of float64. Absent cells are NaN; booleans are 0/1; enum strings
 * are the index into the catalog's allowed list. Binary frame (little endian):
 *
 *   0   'FCB1'                      magic
 *   4   u32 frameLength             whole frame, bytes (frames can be concatenated)
 *   8   u32 headerLength            bytes of the UTF-8 JSON header
 *   12  header JSON                 {"schemaVersion":1,"vin","t0","seq","n","paths":[...]}
 *   ..  zero padding to a multiple of 8 from the frame start
 *   ..  float64[n]                  time offsets in ms from t0
 *   ..  float64[n] × paths.length   one column per path
 *
 * The JSON twin is `{"schemaVersion":1,"vin","t0","seq","ts":[...],"cols":{"<path>":[... null ...]}}`.
 */
export const compactMagic = 0x31424346; // 'FCB1' read as little-endian u32
export const compactSchemaVersion = 1;
const maxRows = 1_000_000;
const maxColumns = 4096;

export interface CompactBatch {
  vin: string;
  t0: number;
  seq: number;
  paths: readonly string[];
  /** Offsets in ms from t0, one per row. */
  ts: Float64Array;
  columns: readonly Float64Array[];
}

export type DecodeResult =
  | { ok: true; batch: CompactBatch; bytes: number }
  | { ok: false; reason: 'malformed_payload' | 'schema_version'; detail: string; bytes: number };

const CompactHeader = z.object({
  schemaVersion: z.number(),
  vin: z.string().max(64),
  t0: z.number().finite(),
  seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  n: z.int().min(0).max(maxRows),
  paths: z.array(z.string().max(256)).max(maxColumns),
});

function headerBytes(b: Omit<CompactBatch, 'ts' | 'columns'> & { n: number }): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ schemaVersion: compactSchemaVersion, vin: b.vin, t0: b.t0, seq: b.seq, n: b.n, paths: b.paths }));
}

export function encodeCompactBatch(batch: CompactBatch): Uint8Array {
  const n = batch.ts.length;
  const head = headerBytes({ ...batch, n });
  const dataStart = Math.ceil((12 + head.length) / 8) * 8;
  const total = dataStart + 8 * n * (1 + batch.paths.length);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, compactMagic, true);
  view.setUint32(4, total, true);
  view.setUint32(8, head.length, true);
  out.set(head, 12);
  const f = new Float64Array(out.buffer, dataStart, n * (1 + batch.paths.length));
  f.set(batch.ts.subarray(0, n), 0);
  batch.columns.forEach((c, k) => f.set(c.subarray(0, n), n * (k + 1)));
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes one frame at `offset`. Never throws: garbage becomes `{ ok: false }`. */
export function decodeCompactBatch(bytes: Uint8Array, offset = 0): DecodeResult {
  const avail = bytes.length - offset;
  if (avail < 12) return { ok: false, reason: 'malformed_payload', detail: 'frame shorter than its fixed header', bytes: avail };
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, avail);
  if (view.getUint32(0, true) !== compactMagic) return { ok: false, reason: 'malformed_payload', detail: 'bad magic', bytes: avail };
  const total = view.getUint32(4, true);
  const headLen = view.getUint32(8, true);
  if (total > avail || total < 12 || headLen > total - 12) return { ok: false, reason: 'malformed_payload', detail: 'frame truncated or lengths inconsistent', bytes: avail };
  let header: z.infer<typeof CompactHeader>;
  try {
    const parsed = CompactHeader.safeParse(JSON.parse(decoder.decode(bytes.subarray(offset + 12, offset + 12 + headLen))));
    if (!parsed.success) return { ok: false, reason: 'malformed_payload', detail: 'header does not match its schema', bytes: total };
    header = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed_payload', detail: 'header is not UTF-8 JSON', bytes: total };
  }
  if (header.schemaVersion !== compactSchemaVersion) return { ok: false, reason: 'schema_version', detail: `schemaVersion ${header.schemaVersion}`, bytes: total };
  const dataStart = Math.ceil((12 + headLen) / 8) * 8;
  const cells = header.n * (1 + header.paths.length);
  if (dataStart + 8 * cells !== total) return { ok: false, reason: 'malformed_payload', detail: 'column data size does not match n × paths', bytes: total };
  const abs = bytes.byteOffset + offset + dataStart;
  // Float64Array views need 8-byte alignment; copy the data section once when the transport gave us an odd offset.
  // (An explicit copy: Node's Buffer#slice is a view into a shared pool, not a copy.)
  let f: Float64Array;
  if (abs % 8 === 0) f = new Float64Array(bytes.buffer, abs, cells);
  else {
    const copy = new Uint8Array(8 * cells);
    copy.set(bytes.subarray(offset + dataStart, offset + total));
    f = new Float64Array(copy.buffer);
  }
  const n = header.n;
  const columns: Float64Array[] = [];
  for (let k = 0; k < header.paths.length; k++) columns.push(f.subarray(n * (k + 1), n * (k + 2)));
  return { ok: true, batch: { vin: header.vin, t0: header.t0, seq: header.seq, paths: header.paths, ts: f.subarray(0, n), columns }, bytes: total };
}

const CompactJson = z.object({
  schemaVersion: z.number(),
  vin: z.string().max(64),
  t0: z.number().finite(),
  seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  ts: z.array(z.number()).max(maxRows),
  cols: z.record(z.string().max(256), z.array(z.union([z.number(), z.boolean(), z.null()]))),
});

export function encodeCompactJson(batch: CompactBatch): string {
  const cols: Record<string, (number | null)[]> = {};
  batch.paths.forEach((p, k) => {
    cols[p] = Array.from(batch.columns[k] ?? [], (v) => (v === v ? v : null));
  });
  return JSON.stringify({ schemaVersion: compactSchemaVersion, vin: batch.vin, t0: batch.t0, seq: batch.seq, ts: Array.from(batch.ts), cols });
}

/** The JSON twin of the frame, decoded into the same typed arrays. Never throws. */
export function decodeCompactJson(value: unknown): DecodeResult {
  const parsed = CompactJson.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'malformed_payload', detail: 'compact JSON does not match its schema', bytes: 0 };
  const d = parsed.data;
  if (d.schemaVersion !== compactSchemaVersion) return { ok: false, reason: 'schema_version', detail: `schemaVersion ${d.schemaVersion}`, bytes: 0 };
  const n = d.ts.length;
  const paths = Object.keys(d.cols);
  const columns: Float64Array[] = [];
  for (const p of paths) {
    const src = d.cols[p] as (number | boolean | null)[];
    if (src.length !== n) return { ok: false, reason: 'malformed_payload', detail: `column ${p} has ${src.length} values for ${n} rows`, bytes: 0 };
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = src[i];
      col[i] = v === null || v === undefined ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : v;
    }
    columns.push(col);
  }
  return { ok: true, batch: { vin: d.vin, t0: d.t0, seq: d.seq, paths, ts: Float64Array.from(d.ts), columns }, bytes: 0 };
}
