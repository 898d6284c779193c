import { z } from 'zod';
import { hillstromArms, hillstromContrast, type HillstromDataset } from './hillstrom';
import { trainUplift, type TrainedUplift } from './train-uplift';
import type { ProgressCallback } from './uplift-data';
import { upliftMethods } from './uplift-learners';

/**
 * `forecourt models train` on the Hillstrom file: one arm vs no e-mail, or all three arms
 * (multi-treatment: arm 1 = Mens, arm 2 = Womens). Returns the model, its held-out
 * metrics and a registry entry.
 */
export const HillstromTrainOptions = z.strictObject({
  contrast: z.enum(['womens', 'mens', 'both']).default('both'),
  outcome: z.enum(['visit', 'conversion', 'spend']).default('visit'),
  method: z.enum(upliftMethods).default('x-learner'),
  base: z.enum(['gbt', 'logistic']).default('gbt'),
  seed: z.int().default(1),
});
export type HillstromTrainOptions = z.input<typeof HillstromTrainOptions>;

export function trainHillstrom(ds: HillstromDataset, options: HillstromTrainOptions = {}, onProgress?: ProgressCallback): TrainedUplift {
  const o = HillstromTrainOptions.parse(options);
  const data = o.contrast === 'both' ? hillstromArms(ds, o.outcome) : hillstromContrast(ds, o.contrast, o.outcome);
  return trainUplift(data, {
    name: `hillstrom-${o.contrast}-${o.outcome}`, method: o.method, base: o.base,
    outcome: o.outcome === 'spend' ? 'continuous' : 'binary', seed: o.seed,
    // The campaign ran in March 2008; outcomes were tracked for two weeks after the send.
    trainingWindow: { from: '2008-03-01T00:00:00Z', to: '2008-03-31T00:00:00Z' },
    dataSource: 'hillstrom.csv sha256 ff9e59285e9dc3f5fa3e0975419e6631ea5bdccd65d818991473d2367e02979c',
    consent: [],
  }, onProgress);
}
