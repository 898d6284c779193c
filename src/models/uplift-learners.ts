import type { Rng } from '../kernel';
import { fitClassTransformation } from './class-transformation';
import { fitDrLearner } from './dr-learner';
import { fitTLearner, type MetaLearnerOptions } from './t-learner';
import type { UpliftData, UpliftModel } from './uplift-data';
import { fitXLearner } from './x-learner';

export const upliftMethods = ['t-learner', 'x-learner', 'dr-learner', 'class-transformation'] as const;
export type UpliftMethod = (typeof upliftMethods)[number];

/** Fit any of the uplift estimators by name (the CLI and API dispatch through this). */
export function fitUplift(method: UpliftMethod, data: UpliftData, opts: MetaLearnerOptions, rng: Rng): UpliftModel {
  switch (method) {
    case 't-learner': return fitTLearner(data, opts, rng);
    case 'x-learner': return fitXLearner(data, opts, rng);
    case 'dr-learner': return fitDrLearner(data, opts, rng);
    case 'class-transformation': return fitClassTransformation(data, opts, rng);
  }
}
