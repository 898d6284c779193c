import type { Rng } from '../kernel';
import { fitGbt, type GbtParams } from './gradient-boosting';
import { fitLogistic, fitRidge } from './logistic-regression';
import type { Matrix } from './matrix';

/** Which outcome model the meta-learners build on. */
export type BaseLearnerSpec =
  | { readonly kind: 'logistic'; readonly l2?: number }
  | ({ readonly kind: 'gbt' } & Omit<GbtParams, 'loss'>);

export type OutcomeKind = 'binary' | 'continuous';

export interface Predictor {
  predict(x: Matrix): Float64Array;
}

/**
 * Fit a base learner: logistic regression or log-loss trees for binary outcomes,
 * ridge regression or squared-loss trees for continuous ones.
 */
export function fitBase(spec: BaseLearnerSpec, outcome: OutcomeKind, x: Matrix, y: Float64Array, rng: Rng, sampleWeight?: Float64Array): Predictor {
  if (spec.kind === 'logistic') {
    return outcome === 'binary' ? fitLogistic(x, y, { l2: spec.l2 }, sampleWeight) : fitRidge(x, y, { l2: spec.l2 }, sampleWeight);
  }
  const { kind: _kind, ...params } = spec;
  return fitGbt(x, y, { ...params, loss: outcome === 'binary' ? 'logloss' : 'squared' }, rng, sampleWeight);
}
