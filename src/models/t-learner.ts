import type { Rng } from '../kernel';
import { fitBase, type BaseLearnerSpec, type OutcomeKind, type Predictor } from './base-learner';
import { takeRows, takeValues } from './matrix';
import { composeUplift } from './model-serialisation';
import { armIndex, checkUpliftData, type ProgressCallback, type UpliftData, type UpliftModel } from './uplift-data';

export interface MetaLearnerOptions {
  readonly base: BaseLearnerSpec;
  readonly outcome: OutcomeKind;
  readonly onProgress?: ProgressCallback;
}

/** One outcome model per arm (control included). */
export function fitArmModels(data: UpliftData, arms: number, opts: MetaLearnerOptions, rng: Rng, stage: string): Predictor[] {
  const models: Predictor[] = [];
  for (let k = 0; k <= arms; k++) {
    const idx = armIndex(data.treatment, k);
    models.push(fitBase(opts.base, opts.outcome, takeRows(data.x, idx), takeValues(data.y, idx), rng.fork(`${stage}-${k}`)));
    opts.onProgress?.({ stage, done: k + 1, total: arms + 1 });
  }
  return models;
}

/** T-learner: tau_k(x) = mu_k(x) - mu_0(x), each mu fitted on its own arm. */
export function fitTLearner(data: UpliftData, opts: MetaLearnerOptions, rng: Rng): UpliftModel {
  const { arms } = checkUpliftData(data);
  const models = fitArmModels(data, arms, opts, rng, 't-learner');
  const armTerms = Array.from({ length: arms }, (_, k) => ({ offset: 0, terms: [{ predictor: k + 1, coef: 1 }, { predictor: 0, coef: -1 }] }));
  return composeUplift('t-learner', models, armTerms);
}
