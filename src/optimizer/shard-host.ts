/**
 * What an optimizer shard worker does with a request frame, without the
 * transport: hold the customer block of each solve it was sent, evaluate the
 * dual or assign candidates on its shards, answer with per-shard results.
 * Pure (the NATS loop is `nats-shard-worker.ts`).
 */
import { z } from 'zod';
import { ForecourtError } from '../kernel';
import { assignRange, createScratch, evaluateRange, maxCandidates, type KernelArrays, type KernelScratch } from './dual-kernel';
import { LoadRequest, ShardRequest, decodeFrame, encodeFrame, errorFrame } from './shard-protocol';
import type { ShardRange } from './shard-layout';

interface Held {
  arrays: KernelArrays;
  lo: number;
  hi: number;
  candidateBase: number;
  optionCount: number;
  shards: ShardRange[];
  scratch: KernelScratch;
}

export interface ShardHost {
  handle(request: Uint8Array): Uint8Array;
  /** Solves currently held. */
  solves(): number;
}

/** At most this many solves are held; loading one more drops the least recently used. */
const heldLimit = 4;

function fail(message: string): never {
  throw new ForecourtError('VALIDATION_FAILED', message);
}

/**
 * Builds kernel arrays indexed by *global* customer number (the seeded
 * rounding hashes the customer index, so it must be the same as in one
 * process): `candidateStart` and `holdout` are allocated from customer 0 and
 * filled from `lo`, which costs 5 bytes per customer before the block.
 */
function hold(load: z.infer<typeof LoadRequest>, arrays: unknown[]): Held {
  const [start, value, option, holdout] = arrays;
  const n = load.hi - load.lo;
  if (!(start instanceof Int32Array) || start.length !== n + 1 || start[0] !== 0) fail('load: candidateStart must be n+1 int32 starting at 0');
  const candidates = start[n]!;
  if (!(value instanceof Float32Array) || value.length !== candidates) fail('load: candidateValue length');
  if (!(option instanceof Int32Array) || option.length !== candidates) fail('load: candidateOption length');
  if (!(holdout instanceof Uint8Array) || holdout.length !== n) fail('load: holdout length');
  for (let i = 0; i < n; i++) if (start[i + 1]! < start[i]!) fail('load: candidateStart must not decrease');
  for (const o of option) if (o < 0 || o >= load.optionCount) fail('load: option id out of range');
  for (const s of load.shards) if (s.lo < load.lo || s.hi > load.hi || s.lo > s.hi) fail('load: shard outside the block');
  const candidateStart = new Int32Array(load.hi + 1);
  candidateStart.set(start, load.lo);
  const held = new Uint8Array(load.hi);
  held.set(holdout, load.lo);
  const kernel: KernelArrays = { candidateStart, candidateValue: value, candidateOption: option, holdout: held, sortedByValue: load.sortedByValue };
  return {
    arrays: kernel, lo: load.lo, hi: load.hi, candidateBase: load.candidateBase, optionCount: load.optionCount,
    shards: load.shards, scratch: createScratch(maxCandidates(kernel, load.lo, load.hi)),
  };
}

export function createShardHost(worker: string): ShardHost {
  const solves = new Map<string, Held>();
  const find = (solve: string): Held => {
    const held = solves.get(solve);
    if (held === undefined) throw new ForecourtError('NOT_FOUND', `worker ${worker} does not hold solve ${solve} (was it restarted, or never sent the shard?)`);
    solves.delete(solve);
    solves.set(solve, held);
    return held;
  };
  const penaltyOf = (held: Held, arrays: unknown[]): Float64Array => {
    const penalty = arrays[0];
    if (!(penalty instanceof Float64Array) || penalty.length !== held.optionCount) fail('penalty must be one float64 per option');
    return penalty;
  };

  const run = (bytes: Uint8Array): Uint8Array => {
    const frame = decodeFrame(bytes);
    const parsed = ShardRequest.safeParse(frame.meta);
    if (!parsed.success) throw new ForecourtError('VALIDATION_FAILED', 'unknown optimizer shard request', z.treeifyError(parsed.error));
    const req = parsed.data;
    switch (req.op) {
      case 'ping':
        return encodeFrame({ op: 'pong', worker, solves: solves.size });
      case 'load': {
        solves.delete(req.solve);
        solves.set(req.solve, hold(req, frame.arrays));
        while (solves.size > heldLimit) solves.delete(solves.keys().next().value!);
        return encodeFrame({ op: 'loaded', customers: req.hi - req.lo, candidates: frame.arrays[1]!.length });
      }
      case 'evaluate': {
        const held = find(req.solve);
        const penalty = penaltyOf(held, frame.arrays);
        const P = held.optionCount;
        const sums = new Float64Array(2 * held.shards.length);
        const mass = new Float64Array(P * held.shards.length);
        held.shards.forEach((s, k) => {
          const [lagrangian, smoothed] = evaluateRange(held.arrays, s.lo, s.hi, penalty, req.gamma, mass.subarray(k * P, (k + 1) * P), held.scratch);
          sums[2 * k] = lagrangian;
          sums[2 * k + 1] = smoothed;
        });
        return encodeFrame({ op: 'evaluated', shards: held.shards.map((s) => s.shard) }, [sums, mass]);
      }
      case 'assign': {
        const held = find(req.solve);
        const penalty = penaltyOf(held, frame.arrays);
        const choice = new Int32Array(held.hi);
        assignRange(held.arrays, held.lo, held.hi, penalty, req.gamma, req.seed, choice, held.scratch);
        const block = choice.subarray(held.lo, held.hi);
        for (let i = 0; i < block.length; i++) if (block[i]! >= 0) block[i] = block[i]! + held.candidateBase;
        return encodeFrame({ op: 'assigned', lo: held.lo, hi: held.hi }, [block]);
      }
      case 'close':
        solves.delete(req.solve);
        return encodeFrame({ op: 'closed' });
    }
  };

  return {
    handle: (bytes) => {
      try {
        return run(bytes);
      } catch (error) {
        return errorFrame(error);
      }
    },
    solves: () => solves.size,
  };
}
