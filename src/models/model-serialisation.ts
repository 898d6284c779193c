import { z } from 'zod';
import type { Predictor } from './base-learner';
import type { GbtModel } from './gradient-boosting';
import type { LinearModel } from './logistic-regression';
import type { Matrix } from './matrix';
import type { UpliftModel } from './uplift-data';

/**
 * A fitted model as plain JSON: logistic/ridge coefficients, or boosted trees as
 * node arrays. Every uplift learner is a linear combination of such predictors per
 * arm (T: mu_k − mu_0; X: e·tau_c + (1−e)·tau_t; DR: the final regression; class
 * transformation: 2p − 1), so one form stores them all and reloads to identical predictions.
 */
const num = z.number().finite();
export const SerialisedPredictor = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('linear'), link: z.enum(['logistic', 'identity']), weights: z.array(num), intercept: num }),
  z.strictObject({
    kind: z.literal('gbt'), link: z.enum(['logistic', 'identity']), cols: z.int().min(1), base: num,
    trees: z.array(z.strictObject({ feature: z.array(z.int()), threshold: z.array(z.number()), left: z.array(z.int()), right: z.array(z.int()), value: z.array(num) })),
  }),
]);
export type SerialisedPredictor = z.infer<typeof SerialisedPredictor>;

export const SerialisedUplift = z.strictObject({
  format: z.literal('forecourt-uplift/1'),
  method: z.enum(['t-learner', 'x-learner', 'dr-learner', 'class-transformation']),
  arms: z.int().min(1),
  featureNames: z.array(z.string()),
  predictors: z.array(SerialisedPredictor),
  /** Per arm k = 1..K: uplift = offset + Σ coef · predictor(x). */
  armTerms: z.array(z.strictObject({ offset: num, terms: z.array(z.strictObject({ predictor: z.int().min(0), coef: num })) })),
});
export type SerialisedUplift = z.infer<typeof SerialisedUplift>;
export type ArmTerms = SerialisedUplift['armTerms'];

/** JSON cannot hold ±Infinity (the last GBT bin edge); it is stored as null-free 1e308. */
const BIG = 1e308;

export function serialisePredictor(p: Predictor): SerialisedPredictor {
  if ('weights' in p) {
    const m = p as LinearModel;
    return { kind: 'linear', link: m.kind === 'logistic' ? 'logistic' : 'identity', weights: Array.from(m.weights), intercept: m.intercept };
  }
  if ('trees' in p) {
    const m = p as GbtModel;
    const cols = m.featureGain.length;
    return {
      kind: 'gbt', link: m.loss === 'logloss' ? 'logistic' : 'identity', cols, base: m.base,
      trees: m.trees.map((t) => ({
        feature: Array.from(t.feature), threshold: Array.from(t.threshold, (v) => (v === Infinity ? BIG : v)),
        left: Array.from(t.left), right: Array.from(t.right), value: Array.from(t.value),
      })),
    };
  }
  throw new TypeError('predictor is neither a linear model nor boosted trees');
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** A predictor back from its JSON form; predictions equal the fitted model's. */
export function predictorFromSpec(spec: SerialisedPredictor): Predictor {
  if (spec.kind === 'linear') {
    const w = Float64Array.from(spec.weights);
    const cols = w.length;
    return {
      predict(m: Matrix): Float64Array {
        if (m.cols !== cols) throw new RangeError(`expected ${cols} columns, got ${m.cols}`);
        const out = new Float64Array(m.rows);
        for (let i = 0; i < m.rows; i++) {
          let eta = spec.intercept;
          for (let j = 0; j < cols; j++) eta += w[j]! * m.values[i * cols + j]!;
          out[i] = spec.link === 'logistic' ? sigmoid(eta) : eta;
        }
        return out;
      },
    };
  }
  const trees = spec.trees.map((t) => ({
    feature: Int32Array.from(t.feature), threshold: Float64Array.from(t.threshold, (v) => (v >= BIG ? Infinity : v)),
    left: Int32Array.from(t.left), right: Int32Array.from(t.right), value: Float64Array.from(t.value),
  }));
  const cols = spec.cols;
  return {
    predict(m: Matrix): Float64Array {
      if (m.cols !== cols) throw new RangeError(`expected ${cols} columns, got ${m.cols}`);
      const out = new Float64Array(m.rows).fill(spec.base);
      for (const tree of trees) {
        for (let r = 0; r < m.rows; r++) {
          let node = 0;
          while (tree.feature[node]! >= 0) node = m.values[r * cols + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
          out[r]! += tree.value[node]!;
        }
      }
      if (spec.link === 'logistic') for (let i = 0; i < out.length; i++) out[i] = sigmoid(out[i]!);
      return out;
    },
  };
}

/** Evaluates arm terms over predictors (used by fitted learners and by reloaded models alike). */
export function combineArms(predictors: readonly Predictor[], armTerms: ArmTerms, x: Matrix): Float64Array[] {
  const cache = new Map<number, Float64Array>();
  const out = (i: number): Float64Array => {
    let p = cache.get(i);
    if (!p) { p = predictors[i]!.predict(x); cache.set(i, p); }
    return p;
  };
  return armTerms.map(({ offset, terms }) => {
    const r = new Float64Array(x.rows).fill(offset);
    for (const { predictor, coef } of terms) {
      const p = out(predictor);
      for (let i = 0; i < r.length; i++) r[i]! += coef * p[i]!;
    }
    return r;
  });
}

/** An uplift model from fitted predictors and arm terms, serialisable with `serialise()`. */
export function composeUplift(method: UpliftModel['method'], predictors: readonly Predictor[], armTerms: ArmTerms): UpliftModel {
  return {
    method, arms: armTerms.length,
    predictUplift: (x) => combineArms(predictors, armTerms, x),
    serialise: (featureNames) => ({ format: 'forecourt-uplift/1', method, arms: armTerms.length, featureNames: [...featureNames], predictors: predictors.map(serialisePredictor), armTerms }),
  };
}

/** Reload a stored model (parsed at the boundary). */
export function upliftFromSpec(raw: unknown): UpliftModel & { readonly featureNames: readonly string[] } {
  const spec = SerialisedUplift.parse(raw);
  const model = composeUplift(spec.method, spec.predictors.map(predictorFromSpec), spec.armTerms);
  return { ...model, featureNames: spec.featureNames };
}
