import { assignRange, createScratch, evaluateRange, maxCandidates } from './dual-kernel';
import type { Instance } from './instance';
import { defaultShardCount, shardRanges } from './shard-layout';

export interface DualEvaluation {
  /** Σ_i max(0, max_j reduced value): the customer part of the Lagrangian bound. */
  lagrangian: number;
  /** The customer part of the γ-smoothed dual. */
  smoothed: number;
  /** Primal mass per option (how many customers, fractionally, take each option). */
  mass: Float64Array;
}

/** Evaluates the dual for a penalty vector (one value per option). Implementations may use threads. */
export interface DualEvaluator {
  readonly threads: number;
  evaluate(penalty: Float64Array, gamma: number): Promise<DualEvaluation>;
  /** One candidate per customer (-1: none); see `assignRange`. */
  assign(penalty: Float64Array, gamma: number, seed: number): Promise<Int32Array>;
  close(): Promise<void>;
}

export interface LocalEvaluatorOptions {
  /** Shards whose sums are added in shard order (see `shard-layout.ts`); default 16. */
  shards?: number;
}

/**
 * Single-threaded evaluator in the calling thread. It sums per shard and adds
 * the shard sums in shard order, exactly as the NATS evaluator does with its
 * workers' replies, so both give bit-identical results for the same shard count.
 */
export function createLocalEvaluator(instance: Instance, options: LocalEvaluatorOptions = {}): DualEvaluator {
  const scratch = createScratch(maxCandidates(instance, 0, instance.customerCount));
  const shards = shardRanges(instance.candidateStart, instance.customerCount, options.shards ?? defaultShardCount);
  const P = instance.options.length;
  const shardMass = new Float64Array(P);
  return {
    threads: 1,
    evaluate: (penalty, gamma) => {
      const mass = new Float64Array(P);
      let lagrangian = 0;
      let smoothed = 0;
      for (const s of shards) {
        shardMass.fill(0);
        const [l, sm] = evaluateRange(instance, s.lo, s.hi, penalty, gamma, shardMass, scratch);
        lagrangian += l;
        smoothed += sm;
        for (let p = 0; p < P; p++) mass[p]! += shardMass[p]!;
      }
      return Promise.resolve({ lagrangian, smoothed, mass });
    },
    assign: (penalty, gamma, seed) => {
      const choice = new Int32Array(instance.customerCount);
      assignRange(instance, 0, instance.customerCount, penalty, gamma, seed, choice, scratch);
      return Promise.resolve(choice);
    },
    close: () => Promise.resolve(),
  };
}
