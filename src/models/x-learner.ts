import type { Rng } from '../kernel';
import { fitBase, type Predictor } from './base-learner';
import { takeRows, takeValues } from './matrix';
import { composeUplift } from './model-serialisation';
import { fitArmModels, type MetaLearnerOptions } from './t-learner';
import { armIndex, checkUpliftData, type UpliftData, type UpliftModel } from './uplift-data';

/**
 * X-learner (Künzel et al. 2019). Stage 1: outcome models per arm. Stage 2: impute
 * individual effects (treated: y - mu_0(x); control: mu_k(x) - y) and regress them
 * on x in each group. Combine with the propensity e_k (arm share within the pair,
 * as in a randomised test): tau = e * tau_control + (1 - e) * tau_treated.
 */
export function fitXLearner(data: UpliftData, opts: MetaLearnerOptions, rng: Rng): UpliftModel {
  const { arms } = checkUpliftData(data);
  const mu = fitArmModels(data, arms, opts, rng, 'x-learner-stage1');
  const controlIdx = armIndex(data.treatment, 0);
  const xc = takeRows(data.x, controlIdx);
  const yc = takeValues(data.y, controlIdx);
  const stage2: { tauT: Predictor; tauC: Predictor; e: number }[] = [];
  for (let k = 1; k <= arms; k++) {
    const idx = armIndex(data.treatment, k);
    const xt = takeRows(data.x, idx);
    const yt = takeValues(data.y, idx);
    const dT = mu[0]!.predict(xt);
    for (let i = 0; i < dT.length; i++) dT[i] = yt[i]! - dT[i]!;
    const dC = mu[k]!.predict(xc);
    for (let i = 0; i < dC.length; i++) dC[i] = dC[i]! - yc[i]!;
    stage2.push({
      tauT: fitBase(opts.base, 'continuous', xt, dT, rng.fork(`x2t-${k}`)),
      tauC: fitBase(opts.base, 'continuous', xc, dC, rng.fork(`x2c-${k}`)),
      e: idx.length / (idx.length + controlIdx.length),
    });
    opts.onProgress?.({ stage: 'x-learner-stage2', done: k, total: arms });
  }
  const predictors = stage2.flatMap(({ tauT, tauC }) => [tauT, tauC]);
  const armTerms = stage2.map(({ e }, k) => ({ offset: 0, terms: [{ predictor: 2 * k + 1, coef: e }, { predictor: 2 * k, coef: 1 - e }] }));
  return composeUplift('x-learner', predictors, armTerms);
}
