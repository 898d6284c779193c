import { z } from 'zod';
import { createRng } from '../kernel';
import type { BaseLearnerSpec } from './base-learner';
import { hillstromContrast, type HillstromContrast, type HillstromDataset, type HillstromOutcome } from './hillstrom';
import { auuc, qiniAuc, upliftAtK } from './uplift-metrics';
import { fitUplift, upliftMethods, type UpliftMethod } from './uplift-learners';
import { subsetUplift, type ProgressCallback } from './uplift-data';

/**
 * Repeated random 50/50 train/test splits on Hillstrom (one e-mail arm vs no
 * e-mail), as in scikit-uplift's pipeline notebook (train_test_split(test_size=0.5)).
 */
export const HillstromEvalConfig = z.strictObject({
  splits: z.int().min(1).max(200).default(20),
  seed: z.int().default(1),
  contrasts: z.array(z.enum(['womens', 'mens'])).default(['womens', 'mens']),
  outcomes: z.array(z.enum(['visit', 'conversion', 'spend'])).default(['visit', 'spend']),
  methods: z.array(z.enum(upliftMethods)).default(['t-learner', 'x-learner', 'dr-learner', 'class-transformation']),
  base: z.enum(['gbt', 'logistic']).default('gbt'),
});
export type HillstromEvalConfig = z.input<typeof HillstromEvalConfig>;

export interface MetricSummary { readonly mean: number; readonly sd: number; readonly min: number; readonly max: number }

export interface HillstromEvalRow {
  readonly contrast: HillstromContrast;
  readonly outcome: HillstromOutcome;
  readonly method: UpliftMethod;
  readonly base: 'gbt' | 'logistic';
  readonly splits: number;
  readonly qiniAuc: MetricSummary;
  readonly auuc: MetricSummary;
  readonly upliftAt10: MetricSummary;
  readonly upliftAt30: MetricSummary;
}

/** Hyper-parameters used for the published-comparison runs (chosen a priori, see docs/model-quality.md). */
export const hillstromBase: Record<'gbt' | 'logistic', BaseLearnerSpec> = {
  gbt: { kind: 'gbt', trees: 100, depth: 3, learningRate: 0.05, l2: 10, minChildWeight: 20, maxBins: 32 },
  logistic: { kind: 'logistic', l2: 1e-3 },
};

export function summarise(values: readonly number[]): MetricSummary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  if (values.some((v) => Number.isNaN(v))) return { mean: NaN, sd: NaN, min: NaN, max: NaN };
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

/** A random half of 0..n-1 (Fisher–Yates), and the other half. */
export function splitHalf(n: number, rng: { int(n: number): number }): { train: Uint32Array; test: Uint32Array } {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); const t = idx[i]!; idx[i] = idx[j]!; idx[j] = t; }
  const half = Math.floor(n / 2);
  return { train: idx.slice(0, half), test: idx.slice(half) };
}

export function evaluateHillstrom(ds: HillstromDataset, config: HillstromEvalConfig = {}, onProgress?: ProgressCallback): HillstromEvalRow[] {
  const cfg = HillstromEvalConfig.parse(config);
  const rows: HillstromEvalRow[] = [];
  const combos = cfg.contrasts.flatMap((c) => cfg.outcomes.flatMap((o) => cfg.methods
    .filter((m) => !(m === 'class-transformation' && o === 'spend'))
    .map((m) => ({ contrast: c, outcome: o, method: m }))));
  const total = combos.length * cfg.splits;
  let done = 0;
  for (const { contrast, outcome, method } of combos) {
    const data = hillstromContrast(ds, contrast, outcome);
    const q: number[] = [], a: number[] = [], u10: number[] = [], u30: number[] = [];
    for (let s = 0; s < cfg.splits; s++) {
      // The split depends on the seed and split number only, so every method sees the same splits.
      const { train, test } = splitHalf(data.x.rows, createRng(`hillstrom-split-${cfg.seed}-${contrast}-${s}`));
      const tr = subsetUplift(data, train), te = subsetUplift(data, test);
      const model = fitUplift(method, tr, { base: hillstromBase[cfg.base], outcome: outcome === 'spend' ? 'continuous' : 'binary' }, createRng(`hillstrom-fit-${cfg.seed}-${s}`));
      const score = model.predictUplift(te.x)[0]!;
      q.push(qiniAuc(te.y, score, te.treatment));
      // sklift's perfect uplift curve compares y with the treatment flag: it is defined for binary outcomes only.
      a.push(outcome === 'spend' ? NaN : auuc(te.y, score, te.treatment));
      u10.push(upliftAtK(te.y, score, te.treatment, 0.1));
      u30.push(upliftAtK(te.y, score, te.treatment, 0.3));
      onProgress?.({ stage: `${contrast}/${outcome}/${method}`, done: ++done, total });
    }
    rows.push({
      contrast, outcome, method, base: cfg.base, splits: cfg.splits,
      qiniAuc: summarise(q), auuc: summarise(a), upliftAt10: summarise(u10), upliftAt30: summarise(u30),
    });
  }
  return rows;
}
