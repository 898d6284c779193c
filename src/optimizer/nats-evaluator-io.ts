/**
 * The dual evaluator over NATS: the per-customer step of `solveScale` runs in
 * shard worker processes (`forecourt optimizer-worker --id k`, possibly on
 * other machines), the coordinator keeps the prices and the repair.
 *
 * Per solve, each worker is sent its block of shards once (chunked
 * request/reply: no shared file system). Per iteration the coordinator sends
 * the penalty vector (one Float64 per option) to every worker and adds the
 * per-shard replies in shard order, as `createLocalEvaluator` does, so the plan
 * is bit-identical to the single-process one. A worker that does not answer a
 * request within `timeoutMs` (or is not there) fails the solve with a
 * ForecourtError naming it; shards are not re-assigned mid-solve.
 */
import { randomBytes } from 'node:crypto';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { ForecourtError } from '../kernel';
import { solveScale, type ScaleOptions, type ScaleSolution } from './dual-solver';
import type { Instance } from './instance';
import type { DualEvaluator } from './local-evaluator';
import { defaultShardCount, ownedShards, shardRanges, type ShardRange } from './shard-layout';
import {
  callChunked, chunkHeader, decodeFrame, encodeFrame, throwIfError, workerSubject,
  type ChunkHeaders, type ChunkReply, type Frame, type WireArray,
} from './shard-protocol';

export interface NatsEvaluatorOptions {
  /** e.g. nats://127.0.0.1:4222 */
  natsUrl: string;
  /** Workers with ids 0 … workers−1 share the shards (each started with `--id k`). */
  workers: number;
  /** Subject namespace the workers were started with; default `fc.opt`. */
  prefix?: string;
  /** Shards per solve; the plan is identical to `solveScale`'s for the same count. Default 16. */
  shards?: number;
  /** How long one request (one chunk) may wait for its worker; default 30 000 ms. */
  timeoutMs?: number;
  /** Largest message body; default the server's max_payload less 16 KiB. */
  chunkBytes?: number;
}

/** Payload bytes and requests exchanged so far (NATS headers not counted). */
export interface NatsTraffic {
  requests: number;
  bytesOut: number;
  bytesIn: number;
}

export interface NatsEvaluator extends DualEvaluator {
  readonly shards: number;
  traffic(): NatsTraffic;
}

interface Member {
  id: number;
  subject: string;
  shards: ShardRange[];
  lo: number;
  hi: number;
}

export const defaultOptimizerPrefix = 'fc.opt';

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ForecourtError('CONFIG_INVALID', `${name} must be an integer ≥ 1`);
  return v;
}

export async function connectOptimizerNats(natsUrl: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: natsUrl.replace(/^nats:\/\//, ''), name, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  } catch (error) {
    throw new ForecourtError('CONFIG_INVALID', `cannot reach NATS at ${natsUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Connects, sends every worker its shards and returns the evaluator; on any failure nothing is left open. */
export async function createNatsEvaluator(instance: Instance, options: NatsEvaluatorOptions): Promise<NatsEvaluator> {
  const workers = positiveInt('workers', options.workers);
  const shardCount = positiveInt('shards', options.shards ?? defaultShardCount);
  const timeoutMs = positiveInt('timeoutMs', options.timeoutMs ?? 30_000);
  const prefix = options.prefix ?? defaultOptimizerPrefix;
  workerSubject(prefix, 0);
  const nc = await connectOptimizerNats(options.natsUrl, 'forecourt-optimizer');
  const chunkBytes = options.chunkBytes ?? Math.max(4096, (nc.info?.max_payload ?? 1 << 20) - 16 * 1024);
  const solve = randomBytes(8).toString('hex');
  const P = instance.options.length;
  const ranges = shardRanges(instance.candidateStart, instance.customerCount, shardCount);
  const members: Member[] = [];
  for (let w = 0; w < workers; w++) {
    const shards = ownedShards(w, workers, shardCount).map((s) => ranges[s]!);
    if (shards.length > 0) members.push({ id: w, subject: workerSubject(prefix, w), shards, lo: shards[0]!.lo, hi: shards[shards.length - 1]!.hi });
  }
  const traffic: NatsTraffic = { requests: 0, bytesOut: 0, bytesIn: 0 };
  let calls = 0;

  const request = async (m: Member, h: ChunkHeaders, body: Uint8Array, timeout: number): Promise<ChunkReply> => {
    const hd = headers();
    hd.set(chunkHeader.call, h.call);
    hd.set(chunkHeader.op, h.op);
    hd.set(chunkHeader.part, String(h.part));
    hd.set(chunkHeader.parts, String(h.parts));
    const reply = await nc.request(m.subject, body, { timeout, headers: hd });
    return { parts: Number(reply.headers?.get(chunkHeader.parts) ?? '0') || 0, body: reply.data };
  };
  const send = (m: Member, what: string) => async (h: ChunkHeaders, body: Uint8Array): Promise<ChunkReply> => {
    traffic.requests++;
    traffic.bytesOut += body.length;
    try {
      const reply = await request(m, h, body, timeoutMs);
      traffic.bytesIn += reply.body.length;
      return reply;
    } catch (error) {
      const noResponders = error instanceof Error && 'isNoResponders' in error && typeof error.isNoResponders === 'function' && error.isNoResponders() === true;
      const reason = noResponders
        ? `no optimizer worker is listening on ${m.subject} (start \`forecourt optimizer-worker --id ${m.id} --prefix ${prefix}\`)`
        : `optimizer worker ${m.id} (${m.subject}) did not answer ${what} within ${timeoutMs} ms`;
      throw new ForecourtError('WORKER_UNAVAILABLE', `${reason}; the solve is abandoned (shards ${m.shards[0]!.shard}–${m.shards[m.shards.length - 1]!.shard})`,
        { worker: m.id, subject: m.subject, request: what, timeoutMs, noResponders });
    }
  };
  const call = async (m: Member, meta: Record<string, unknown>, arrays: WireArray[] = []): Promise<Frame> => {
    const answer = await callChunked(send(m, String(meta.op)), `${solve}.${calls++}`, encodeFrame(meta, arrays), chunkBytes);
    const frame = decodeFrame(answer);
    throwIfError(frame, String(m.id));
    return frame;
  };
  const malformed = (m: Member, what: string): ForecourtError => new ForecourtError('INTERNAL', `optimizer worker ${m.id} sent a malformed ${what} reply`);

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // Best effort: a worker that is gone drops its copy when it restarts anyway.
    await Promise.all(members.map((m) => callChunked((h, body) => request(m, h, body, Math.min(timeoutMs, 2_000)),
      `${solve}.close`, encodeFrame({ op: 'close', solve }), chunkBytes).catch(() => undefined)));
    await nc.close().catch(() => undefined);
  };

  try {
    const { candidateStart } = instance;
    await Promise.all(members.map(async (m) => {
      const base = candidateStart[m.lo]!;
      const end = candidateStart[m.hi]!;
      const start = new Int32Array(m.hi - m.lo + 1);
      for (let i = m.lo; i <= m.hi; i++) start[i - m.lo] = candidateStart[i]! - base;
      const meta = {
        op: 'load', solve, lo: m.lo, hi: m.hi, candidateBase: base, optionCount: P, sortedByValue: instance.sortedByValue === true,
        shards: m.shards.map((s) => ({ shard: s.shard, lo: s.lo, hi: s.hi })),
      };
      await call(m, meta, [start, instance.candidateValue.subarray(base, end), instance.candidateOption.subarray(base, end), instance.holdout.subarray(m.lo, m.hi)]);
    }));
  } catch (error) {
    await close();
    throw error;
  }

  return {
    threads: members.length,
    shards: shardCount,
    traffic: () => ({ ...traffic }),
    evaluate: async (penalty, gamma) => {
      const replies = await Promise.all(members.map((m) => call(m, { op: 'evaluate', solve, gamma }, [penalty])));
      const sums = new Float64Array(2 * shardCount);
      const perShard: Float64Array[] = new Array<Float64Array>(shardCount);
      replies.forEach((frame, w) => {
        const m = members[w]!;
        const [s, mass] = frame.arrays;
        const ids = frame.meta.shards;
        const k = m.shards.length;
        if (!(s instanceof Float64Array) || s.length !== 2 * k || !(mass instanceof Float64Array) || mass.length !== k * P
          || !Array.isArray(ids) || ids.length !== k || ids.some((id, j) => id !== m.shards[j]!.shard)) throw malformed(m, 'evaluate');
        m.shards.forEach((r, j) => {
          sums[2 * r.shard] = s[2 * j]!;
          sums[2 * r.shard + 1] = s[2 * j + 1]!;
          perShard[r.shard] = mass.subarray(j * P, (j + 1) * P);
        });
      });
      // Shard order, the same additions as createLocalEvaluator.
      const mass = new Float64Array(P);
      let lagrangian = 0;
      let smoothed = 0;
      for (let s = 0; s < shardCount; s++) {
        lagrangian += sums[2 * s]!;
        smoothed += sums[2 * s + 1]!;
        const part = perShard[s]!;
        for (let p = 0; p < P; p++) mass[p]! += part[p]!;
      }
      return { lagrangian, smoothed, mass };
    },
    assign: async (penalty, gamma, seed) => {
      const replies = await Promise.all(members.map((m) => call(m, { op: 'assign', solve, gamma, seed }, [penalty])));
      const choice = new Int32Array(instance.customerCount);
      replies.forEach((frame, w) => {
        const m = members[w]!;
        const block = frame.arrays[0];
        if (frame.meta.lo !== m.lo || frame.meta.hi !== m.hi || !(block instanceof Int32Array) || block.length !== m.hi - m.lo) throw malformed(m, 'assign');
        choice.set(block, m.lo);
      });
      return choice;
    },
    close,
  };
}

/** Scale mode with the per-customer step on NATS workers; always releases the workers' copies and the connection. */
export async function solveScaleNats(
  instance: Instance, options: Omit<ScaleOptions, 'evaluator'> & NatsEvaluatorOptions,
): Promise<ScaleSolution> {
  const evaluator = await createNatsEvaluator(instance, options);
  try {
    return await solveScale(instance, { ...options, evaluator });
  } finally {
    await evaluator.close();
  }
}
