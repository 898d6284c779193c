/**
 * The wire format between the optimizer's coordinator and its shard workers.
 * Pure: no sockets here (the NATS plumbing is in `nats-evaluator-io.ts` and
 * `nats-shard-worker.ts`), so every byte path is testable on its own.
 *
 * A *frame* is one logical message: a JSON header and typed arrays, copied
 * bit for bit (penalties and masses are Float64, so nothing is rounded on the
 * way). A frame larger than one NATS message is cut into chunks: the
 * coordinator `put`s parts 0 … n−1 (each acknowledged), the reply to the last
 * part carries part 0 of the answer and how many parts it has, and the
 * coordinator `get`s the rest. Every step is a plain request/reply, so a
 * worker that is gone or stuck shows up as a timeout on that request.
 */
import { z } from 'zod';
import { ForecourtError, errorCodes, type ErrorCode } from '../kernel';

export type WireArray = Float64Array | Float32Array | Int32Array | Uint8Array;
type ArrayType = 'f64' | 'f32' | 'i32' | 'u8';

const arrayTypes: Record<ArrayType, { bytes: number; make: (b: ArrayBuffer, o: number, n: number) => WireArray }> = {
  f64: { bytes: 8, make: (b, o, n) => new Float64Array(b, o, n) },
  f32: { bytes: 4, make: (b, o, n) => new Float32Array(b, o, n) },
  i32: { bytes: 4, make: (b, o, n) => new Int32Array(b, o, n) },
  u8: { bytes: 1, make: (b, o, n) => new Uint8Array(b, o, n) },
};
const typeOf = (a: WireArray): ArrayType =>
  a instanceof Float64Array ? 'f64' : a instanceof Float32Array ? 'f32' : a instanceof Int32Array ? 'i32' : 'u8';
const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

export interface Frame {
  meta: Record<string, unknown>;
  arrays: WireArray[];
}

/** [u32 meta length][meta JSON][pad to 8][array bytes, each padded to 8]. */
export function encodeFrame(meta: Record<string, unknown>, arrays: readonly WireArray[] = []): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify({ ...meta, $arrays: arrays.map((a) => [typeOf(a), a.length]) }));
  let size = pad8(4 + head.length);
  for (const a of arrays) size += pad8(a.byteLength);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let at = pad8(4 + head.length);
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += pad8(a.byteLength);
  }
  return out;
}

const ArrayList = z.array(z.tuple([z.enum(['f64', 'f32', 'i32', 'u8']), z.int().min(0)])).max(64);

/** Decodes a frame (copying it once, so the arrays are aligned); a malformed one is VALIDATION_FAILED. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const bad = (why: string): ForecourtError => new ForecourtError('VALIDATION_FAILED', `malformed optimizer shard frame: ${why}`);
  if (bytes.length < 4) throw bad('shorter than its header');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const headLength = new DataView(copy.buffer).getUint32(0, true);
  if (4 + headLength > copy.length) throw bad('header longer than the frame');
  let meta: unknown;
  try {
    meta = JSON.parse(new TextDecoder().decode(copy.subarray(4, 4 + headLength)));
  } catch {
    throw bad('header is not JSON');
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw bad('header is not an object');
  const { $arrays, ...rest } = meta as Record<string, unknown>;
  const list = ArrayList.safeParse($arrays ?? []);
  if (!list.success) throw bad('array list');
  let at = pad8(4 + headLength);
  const arrays: WireArray[] = [];
  for (const [type, length] of list.data) {
    const t = arrayTypes[type];
    if (at + length * t.bytes > copy.length) throw bad('arrays longer than the frame');
    arrays.push(t.make(copy.buffer, at, length));
    at += pad8(length * t.bytes);
  }
  return { meta: rest, arrays };
}

export function errorFrame(error: unknown): Uint8Array {
  const code: ErrorCode = error instanceof ForecourtError ? error.code : 'INTERNAL';
  return encodeFrame({ op: 'error', code, message: error instanceof Error ? error.message : String(error) });
}

/** Throws the error a worker sent back, naming the worker. */
export function throwIfError(frame: Frame, worker: string): void {
  if (frame.meta.op !== 'error') return;
  const code = typeof frame.meta.code === 'string' && frame.meta.code in errorCodes ? frame.meta.code as ErrorCode : 'INTERNAL';
  throw new ForecourtError(code, `optimizer worker ${worker}: ${String(frame.meta.message)}`);
}

// ---- requests and replies (the JSON part of each frame) ----------------------------------------

const Solve = z.string().min(1).max(100);
const Count = z.int().min(0).max(2 ** 31 - 1);

export const LoadRequest = z.strictObject({
  op: z.literal('load'),
  solve: Solve,
  /** The worker's customer block [lo, hi): the union of its shards. */
  lo: Count,
  hi: Count,
  /** Global index of the block's first candidate (the arrays sent are rebased to 0). */
  candidateBase: Count,
  optionCount: Count,
  sortedByValue: z.boolean(),
  shards: z.array(z.strictObject({ shard: Count, lo: Count, hi: Count })).min(1).max(100_000),
});
export const ShardRequest = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('ping') }),
  LoadRequest,
  z.strictObject({ op: z.literal('evaluate'), solve: Solve, gamma: z.number().finite().min(0) }),
  z.strictObject({ op: z.literal('assign'), solve: Solve, gamma: z.number().finite().min(0), seed: z.int() }),
  z.strictObject({ op: z.literal('close'), solve: Solve }),
]);
export type ShardRequest = z.infer<typeof ShardRequest>;

// ---- chunked request/reply over any transport --------------------------------------------------

/** Transport headers of one chunk. */
export interface ChunkHeaders {
  /** Identifies one logical call (unique per coordinator). */
  call: string;
  op: 'put' | 'get';
  /** Index of this part. */
  part: number;
  /** With `put`: number of parts of the request. */
  parts: number;
}

export interface ChunkReply {
  /** Number of parts of the answer (set on the reply to the last `put`). */
  parts: number;
  body: Uint8Array;
}

export function splitChunks(bytes: Uint8Array, chunkBytes: number): Uint8Array[] {
  const size = Math.max(1, Math.floor(chunkBytes));
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
  return parts.length === 0 ? [bytes] : parts;
}

export function joinChunks(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Sends one frame as chunks through `send` (one request/reply per chunk) and returns the whole answer. */
export async function callChunked(
  send: (headers: ChunkHeaders, body: Uint8Array) => Promise<ChunkReply>, call: string, request: Uint8Array, chunkBytes: number,
): Promise<Uint8Array> {
  const parts = splitChunks(request, chunkBytes);
  let reply: ChunkReply = { parts: 0, body: new Uint8Array(0) };
  for (let i = 0; i < parts.length; i++) reply = await send({ call, op: 'put', part: i, parts: parts.length }, parts[i]!);
  if (reply.parts < 1) throw new ForecourtError('INTERNAL', 'optimizer worker acknowledged the last part without an answer');
  const answer = [reply.body];
  for (let i = 1; i < reply.parts; i++) answer.push((await send({ call, op: 'get', part: i, parts: parts.length }, new Uint8Array(0))).body);
  return joinChunks(answer);
}

/** At most this many half-received requests and half-fetched answers are kept (abandoned calls are evicted). */
const pendingLimit = 16;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > pendingLimit) map.delete(map.keys().next().value!);
}

/**
 * The receiving side of `callChunked`: collects a request's parts, runs
 * `handle` on the whole frame and serves the answer's parts.
 */
export function createChunkHost(handle: (request: Uint8Array) => Uint8Array, chunkBytes: () => number) {
  const incoming = new Map<string, Uint8Array[]>();
  const outgoing = new Map<string, Uint8Array[]>();
  return {
    receive(h: ChunkHeaders, body: Uint8Array): ChunkReply {
      if (h.op === 'get') {
        const answer = outgoing.get(h.call);
        const part = answer?.[h.part];
        if (answer === undefined || part === undefined) return { parts: 1, body: errorFrame(new ForecourtError('NOT_FOUND', `no answer part ${h.part} for call ${h.call}`)) };
        if (h.part === answer.length - 1) outgoing.delete(h.call);
        return { parts: answer.length, body: part };
      }
      let parts = incoming.get(h.call);
      if (h.part === 0) parts = [];
      if (parts === undefined || parts.length !== h.part || h.parts < 1 || h.part >= h.parts) {
        incoming.delete(h.call);
        return { parts: 1, body: errorFrame(new ForecourtError('VALIDATION_FAILED', `part ${h.part}/${h.parts} of call ${h.call} out of order`)) };
      }
      parts.push(body.slice());
      if (parts.length < h.parts) {
        remember(incoming, h.call, parts);
        return { parts: 0, body: new Uint8Array(0) };
      }
      incoming.delete(h.call);
      let answer: Uint8Array;
      try {
        answer = handle(joinChunks(parts));
      } catch (error) {
        answer = errorFrame(error);
      }
      const out = splitChunks(answer, chunkBytes());
      if (out.length > 1) remember(outgoing, h.call, out);
      return { parts: out.length, body: out[0]! };
    },
  };
}

/** Subject of worker `id` under a namespace, e.g. `fc.opt.w.0`. */
export function workerSubject(prefix: string, id: number): string {
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix)) throw new ForecourtError('CONFIG_INVALID', `--prefix must be dot-separated tokens of letters, digits, _ and - (got ${JSON.stringify(prefix)})`);
  return `${prefix}.w.${id}`;
}

/** NATS header names of the chunk transport. */
export const chunkHeader = { call: 'fc-call', op: 'fc-op', part: 'fc-part', parts: 'fc-parts' } as const;

/** Reads the chunk headers of a request; undefined when they are missing or malformed. */
export function chunkHeadersFrom(get: (name: string) => string | undefined): ChunkHeaders | undefined {
  const call = get(chunkHeader.call);
  const op = get(chunkHeader.op);
  const part = Number(get(chunkHeader.part));
  const parts = Number(get(chunkHeader.parts));
  if (call === undefined || call === '' || call.length > 200 || (op !== 'put' && op !== 'get')) return undefined;
  if (!Number.isInteger(part) || !Number.isInteger(parts) || part < 0 || parts < 0 || part > 1e7 || parts > 1e7) return undefined;
  return { call, op, part, parts };
}
