import { z } from 'zod';
import type { Rng } from '../kernel';

/**
 * Incremental lift of a treated group over its holdout, with confidence intervals:
 * difference in proportions (Wald and Newcombe's hybrid score interval, method 10
 * of Newcombe 1998), and a percentile bootstrap for differences in means.
 */
export const ProportionCounts = z.strictObject({
  treatedSuccesses: z.int().min(0),
  treatedTotal: z.int().min(1),
  controlSuccesses: z.int().min(0),
  controlTotal: z.int().min(1),
}).refine((c) => c.treatedSuccesses <= c.treatedTotal && c.controlSuccesses <= c.controlTotal, 'successes exceed totals');
export type ProportionCounts = z.infer<typeof ProportionCounts>;

export interface LiftInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly method: 'wald' | 'newcombe' | 'bootstrap';
  readonly confidence: number;
}

export interface ProportionLift {
  readonly treatedRate: number;
  readonly controlRate: number;
  /** Absolute lift (difference in rates). */
  readonly difference: number;
  /** Relative lift over the control rate (NaN when it is 0). */
  readonly relative: number;
  readonly wald: LiftInterval;
  readonly newcombe: LiftInterval;
}

/** Two-sided standard normal quantile by Acklam's rational approximation (|error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(p, 1 - p);
  let x: number;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    x = (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  } else {
    const r = q - 0.5, s = r * r;
    x = ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) / (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1);
  }
  // x is the lower-tail quantile of q.
  return p < 0.5 ? x : -x;
}

function wilson(successes: number, total: number, z: number): [number, number] {
  const p = successes / total, z2 = z * z;
  const centre = (p + z2 / (2 * total)) / (1 + z2 / total);
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / (1 + z2 / total);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function proportionLift(counts: ProportionCounts, confidence = 0.95): ProportionLift {
  const c = ProportionCounts.parse(counts);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p1 = c.treatedSuccesses / c.treatedTotal, p2 = c.controlSuccesses / c.controlTotal;
  const d = p1 - p2;
  const se = Math.sqrt((p1 * (1 - p1)) / c.treatedTotal + (p2 * (1 - p2)) / c.controlTotal);
  const [l1, u1] = wilson(c.treatedSuccesses, c.treatedTotal, z);
  const [l2, u2] = wilson(c.controlSuccesses, c.controlTotal, z);
  const lower = d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2);
  const upper = d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2);
  return {
    treatedRate: p1, controlRate: p2, difference: d, relative: p2 > 0 ? d / p2 : NaN,
    wald: { estimate: d, lower: d - z * se, upper: d + z * se, method: 'wald', confidence },
    newcombe: { estimate: d, lower, upper, method: 'newcombe', confidence },
  };
}

/** Percentile bootstrap interval for mean(treated) - mean(control); randomness passed in. */
export function bootstrapMeanLift(treated: ArrayLike<number>, control: ArrayLike<number>, rng: Rng, options: { iterations?: number; confidence?: number } = {}): LiftInterval {
  const iterations = options.iterations ?? 2000;
  const confidence = options.confidence ?? 0.95;
  if (treated.length === 0 || control.length === 0) throw new RangeError('both groups need observations');
  const meanOf = (v: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < v.length; i++) s += v[i]!; return s / v.length; };
  const resample = (v: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < v.length; i++) s += v[rng.int(v.length)]!; return s / v.length; };
  const diffs = new Float64Array(iterations);
  for (let b = 0; b < iterations; b++) diffs[b] = resample(treated) - resample(control);
  diffs.sort();
  const lo = diffs[Math.floor(((1 - confidence) / 2) * iterations)]!;
  const hi = diffs[Math.min(iterations - 1, Math.ceil((1 - (1 - confidence) / 2) * iterations) - 1)]!;
  return { estimate: meanOf(treated) - meanOf(control), lower: lo, upper: hi, method: 'bootstrap', confidence };
}
