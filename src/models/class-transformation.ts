import type { Rng } from '../kernel';
import { fitBase } from './base-learner';
import { composeUplift } from './model-serialisation';
import type { MetaLearnerOptions } from './t-learner';
import { checkUpliftData, type UpliftData, type UpliftModel } from './uplift-data';

/**
 * Class transformation (Jaskowski & Jaroszewicz 2012), the approach behind the
 * published scikit-uplift Hillstrom figure: z = y*t + (1-y)*(1-t), uplift = 2 P(z=1|x) - 1.
 * Binary outcome, one arm versus control; valid when the arms are about equal in size.
 */
export function fitClassTransformation(data: UpliftData, opts: MetaLearnerOptions, rng: Rng): UpliftModel {
  const { arms } = checkUpliftData(data);
  if (arms !== 1) throw new RangeError('class transformation handles one treatment arm');
  if (opts.outcome !== 'binary') throw new RangeError('class transformation needs a binary outcome');
  const z = new Float64Array(data.y.length);
  for (let i = 0; i < z.length; i++) {
    const t = data.treatment[i] === 1 ? 1 : 0;
    z[i] = data.y[i]! * t + (1 - data.y[i]!) * (1 - t);
  }
  const model = fitBase(opts.base, 'binary', data.x, z, rng.fork('class-transformation'));
  opts.onProgress?.({ stage: 'class-transformation', done: 1, total: 1 });
  return composeUplift('class-transformation', [model], [{ offset: -1, terms: [{ predictor: 0, coef: 2 }] }]);
}
