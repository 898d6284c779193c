import { z } from 'zod';
import { createRng } from '../kernel';
import { ConsentPurpose } from '../domain';
import type { BaseLearnerSpec } from './base-learner';
import { hillstromBase, splitHalf } from './hillstrom-eval';
import { createMatrix } from './matrix';
import type { ModelVersionInput } from './model-registry';
import { subsetUplift, checkUpliftData, type ProgressCallback, type UpliftData, type UpliftModel } from './uplift-data';
import { fitUplift, upliftMethods } from './uplift-learners';
import { auuc, qiniAuc, upliftAtK } from './uplift-metrics';

/**
 * Training from the platform's own logs: one row per exposure (or holdout), the
 * arm the customer got ('none' for control/holdout) and the later outcome.
 */
export const UpliftTrainingRow = z.strictObject({
  features: z.record(z.string(), z.number().finite()),
  arm: z.string().min(1),
  outcome: z.number().finite(),
});
export type UpliftTrainingRow = z.infer<typeof UpliftTrainingRow>;

export function upliftDataFromRows(rows: readonly UpliftTrainingRow[], featureNames: readonly string[], arms: readonly string[], controlArm = 'none'): UpliftData {
  const d = featureNames.length;
  const x = createMatrix(rows.length, d);
  const treatment = new Int32Array(rows.length);
  const y = new Float64Array(rows.length);
  rows.forEach((raw, i) => {
    const r = UpliftTrainingRow.parse(raw);
    featureNames.forEach((f, j) => { x.values[i * d + j] = r.features[f] ?? 0; });
    const k = r.arm === controlArm ? 0 : arms.indexOf(r.arm) + 1;
    if (k === 0 && r.arm !== controlArm) throw new RangeError(`unknown arm ${r.arm}`);
    treatment[i] = k;
    y[i] = r.outcome;
  });
  return { x, treatment, y, featureNames };
}

export const TrainUpliftOptions = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/),
  method: z.enum(upliftMethods).default('dr-learner'),
  base: z.enum(['gbt', 'logistic']).default('gbt'),
  outcome: z.enum(['binary', 'continuous']),
  seed: z.int().default(1),
  trainingWindow: z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() }),
  dataSource: z.string().min(1),
  consent: z.array(ConsentPurpose).default([]),
});
export type TrainUpliftOptions = z.input<typeof TrainUpliftOptions>;

export interface UpliftMetrics { qiniAuc: number; auuc: number; upliftAt10: number; upliftAt30: number }

export interface TrainedUplift {
  readonly model: UpliftModel;
  /** Held-out metrics per arm (first half trains, second half validates; then refit on all). */
  readonly validation: readonly UpliftMetrics[];
  /** Ready for registerModel(). */
  readonly registration: ModelVersionInput;
}

/** Uplift metrics for one arm of a fitted model on labelled data (rows of that arm and control). */
export function evaluateUplift(model: UpliftModel, data: UpliftData, arm = 1): UpliftMetrics {
  const idx: number[] = [];
  for (let i = 0; i < data.treatment.length; i++) if (data.treatment[i] === 0 || data.treatment[i] === arm) idx.push(i);
  const sub = subsetUplift(data, idx);
  const t = Int32Array.from(sub.treatment, (v) => (v === arm ? 1 : 0));
  const score = model.predictUplift(sub.x)[arm - 1]!;
  return { qiniAuc: qiniAuc(sub.y, score, t), auuc: auuc(sub.y, score, t), upliftAt10: upliftAtK(sub.y, score, t, 0.1), upliftAt30: upliftAtK(sub.y, score, t, 0.3) };
}

export function trainUplift(data: UpliftData, options: TrainUpliftOptions, onProgress?: ProgressCallback): TrainedUplift {
  const o = TrainUpliftOptions.parse(options);
  const { arms, rows } = checkUpliftData(data);
  const base: BaseLearnerSpec = hillstromBase[o.base];
  const { train, test } = splitHalf(rows, createRng(`train-split-${o.seed}`));
  const fitOpts = { base, outcome: o.outcome, onProgress };
  const validationModel = fitUplift(o.method, subsetUplift(data, train), fitOpts, createRng(`train-validate-${o.seed}`));
  const testData = subsetUplift(data, test);
  const validation = Array.from({ length: arms }, (_, k) => evaluateUplift(validationModel, testData, k + 1));
  const model = fitUplift(o.method, data, fitOpts, createRng(`train-final-${o.seed}`));
  const metrics: Record<string, number> = {};
  validation.forEach((m, k) => { for (const [key, v] of Object.entries(m)) metrics[`arm${k + 1}.${key}`] = v; });
  const { kind: _kind, ...hyper } = base;
  return {
    model, validation,
    registration: {
      name: o.name, kind: 'uplift', method: o.method, trainingWindow: o.trainingWindow, trainingRows: rows, dataSource: o.dataSource,
      features: [...data.featureNames], hyperParameters: { base: o.base, outcome: o.outcome, seed: o.seed, ...hyper }, metrics, consent: o.consent,
    },
  };
}
