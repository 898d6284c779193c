import type { Rng } from '../kernel';
import { fitBase, type Predictor } from './base-learner';
import { fitLogistic } from './logistic-regression';
import { takeRows, takeValues } from './matrix';
import { composeUplift } from './model-serialisation';
import type { MetaLearnerOptions } from './t-learner';
import { checkUpliftData, type UpliftData, type UpliftModel } from './uplift-data';

export interface DrLearnerOptions extends MetaLearnerOptions {
  /** 'constant': arm share (randomised tests); 'logistic': fitted from x (observational logs). */
  readonly propensity?: 'constant' | 'logistic';
  readonly folds?: number;
  /** Propensities are clipped to [clip, 1 - clip]. */
  readonly clip?: number;
}

/**
 * DR-learner (Kennedy 2020) with cross-fitting. For arm k vs control, on each fold
 * the outcome models mu_0, mu_k and propensity e are fitted on the other folds, and the
 * doubly robust pseudo-outcome
 *   phi = mu_k - mu_0 + T (y - mu_k) / e - (1 - T) (y - mu_0) / (1 - e)
 * is computed out of fold; a final regression of phi on x gives tau_k(x).
 */
export function fitDrLearner(data: UpliftData, opts: DrLearnerOptions, rng: Rng): UpliftModel {
  const { arms } = checkUpliftData(data);
  const folds = opts.folds ?? 2;
  const clip = opts.clip ?? 0.02;
  const finals: Predictor[] = [];
  for (let k = 1; k <= arms; k++) {
    const pair: number[] = [];
    for (let i = 0; i < data.treatment.length; i++) if (data.treatment[i] === 0 || data.treatment[i] === k) pair.push(i);
    const n = pair.length;
    const fold = new Int32Array(n);
    for (let i = 0; i < n; i++) fold[i] = rng.int(folds);
    const px = takeRows(data.x, pair);
    const py = takeValues(data.y, pair);
    const pt = new Float64Array(n);
    for (let i = 0; i < n; i++) pt[i] = data.treatment[pair[i]!] === k ? 1 : 0;
    const phi = new Float64Array(n);
    for (let f = 0; f < folds; f++) {
      const train: number[] = [], test: number[] = [];
      for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
      const trT = train.filter((i) => pt[i] === 1), trC = train.filter((i) => pt[i] === 0);
      const muT = fitBase(opts.base, opts.outcome, takeRows(px, trT), takeValues(py, trT), rng.fork(`dr-t-${k}-${f}`));
      const muC = fitBase(opts.base, opts.outcome, takeRows(px, trC), takeValues(py, trC), rng.fork(`dr-c-${k}-${f}`));
      const xte = takeRows(px, test);
      const mt = muT.predict(xte), mc = muC.predict(xte);
      let e: Float64Array;
      if (opts.propensity === 'logistic') {
        e = fitLogistic(takeRows(px, train), takeValues(pt, train)).predict(xte);
      } else {
        e = new Float64Array(test.length).fill(trT.length / train.length);
      }
      test.forEach((i, j) => {
        const ej = Math.min(Math.max(e[j]!, clip), 1 - clip);
        const t = pt[i]!, yi = py[i]!;
        phi[i] = mt[j]! - mc[j]! + (t * (yi - mt[j]!)) / ej - ((1 - t) * (yi - mc[j]!)) / (1 - ej);
      });
      opts.onProgress?.({ stage: `dr-learner-arm-${k}`, done: f + 1, total: folds + 1 });
    }
    finals.push(fitBase(opts.base, 'continuous', px, phi, rng.fork(`dr-final-${k}`)));
    opts.onProgress?.({ stage: `dr-learner-arm-${k}`, done: folds + 1, total: folds + 1 });
  }
  return composeUplift('dr-learner', finals, finals.map((_, k) => ({ offset: 0, terms: [{ predictor: k, coef: 1 }] })));
}
