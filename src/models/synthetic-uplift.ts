import type { Rng } from '../kernel';
import { createMatrix } from './matrix';
import type { UpliftData } from './uplift-data';

/**
 * A randomised test with known individual effects, for tests and benches:
 * 4 features; base rate depends on x0, x1; arm k's effect depends on x2 (arm 1)
 * or x3 (arm 2) and can be negative.
 */
export function syntheticUplift(rng: Rng, n: number, arms: number): { data: UpliftData; trueUplift: Float64Array[] } {
  const d = 4;
  const x = createMatrix(n, d);
  const treatment = new Int32Array(n);
  const y = new Float64Array(n);
  const trueUplift = Array.from({ length: arms }, () => new Float64Array(n));
  const sig = (z: number): number => 1 / (1 + Math.exp(-z));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x.values[i * d + j] = rng.normal();
    const [a, b, c, e] = [x.values[i * d]!, x.values[i * d + 1]!, x.values[i * d + 2]!, x.values[i * d + 3]!];
    const base = -1 + 0.5 * a - 0.3 * b;
    const p0 = sig(base);
    for (let k = 1; k <= arms; k++) {
      const effect = k === 1 ? 0.8 * c : 0.8 * Math.max(0, e) - 0.3;
      trueUplift[k - 1]![i] = sig(base + effect) - p0;
    }
    const t = rng.int(arms + 1);
    treatment[i] = t;
    const p = t === 0 ? p0 : p0 + trueUplift[t - 1]![i]!;
    y[i] = rng.next() < p ? 1 : 0;
  }
  return { data: { x, treatment, y, featureNames: ['x0', 'x1', 'x2', 'x3'] }, trueUplift };
}

export function pearsonOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= n; mb /= n;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) { const x = a[i]! - ma, y = b[i]! - mb; ab += x * y; aa += x * x; bb += y * y; }
  return ab / Math.sqrt(aa * bb);
}
