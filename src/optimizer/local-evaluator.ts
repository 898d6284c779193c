import { assignRange, createScratch, evaluateRange, maxCandidates } from './dual-kernel';
import type { Instance } from './instance';

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

/** Single-threaded evaluator in the calling thread. */
export function createLocalEvaluator(instance: Instance): DualEvaluator {
  const scratch = createScratch(maxCandidates(instance, 0, instance.customerCount));
  return {
    threads: 1,
    evaluate: (penalty, gamma) => {
      const mass = new Float64Array(instance.options.length);
      const [lagrangian, smoothed] = evaluateRange(instance, 0, instance.customerCount, penalty, gamma, mass, scratch);
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
