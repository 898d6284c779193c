import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { bootstrapMeanLift, normalQuantile, proportionLift } from './lift';

describe('incremental lift', () => {
  it('matches Newcombe (1998) worked example 56/70 vs 48/80', () => {
    const l = proportionLift({ treatedSuccesses: 56, treatedTotal: 70, controlSuccesses: 48, controlTotal: 80 });
    expect(l.difference).toBeCloseTo(0.2, 12);
    // Newcombe 1998, Table II: Wald 0.0575 to 0.3425; method 10 (score, no CC) 0.0524 to 0.3339.
    expect(l.wald.lower).toBeCloseTo(0.0575, 4);
    expect(l.wald.upper).toBeCloseTo(0.3425, 4);
    expect(l.newcombe.lower).toBeCloseTo(0.0524, 4);
    expect(l.newcombe.upper).toBeCloseTo(0.3339, 4);
  });
  it('normal quantile', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 6);
  });
  it('rejects successes above totals', () => {
    expect(() => proportionLift({ treatedSuccesses: 5, treatedTotal: 4, controlSuccesses: 0, controlTotal: 4 })).toThrow();
  });
  it('bootstrap interval for a mean difference covers the truth and replays with the seed', () => {
    const rng = createRng('data');
    const t = Float64Array.from({ length: 800 }, () => 10 + rng.normal() * 3);
    const c = Float64Array.from({ length: 800 }, () => 9 + rng.normal() * 3);
    const a = bootstrapMeanLift(t, c, createRng('boot'), { iterations: 1000 });
    expect(a.lower).toBeLessThan(1);
    expect(a.upper).toBeGreaterThan(1);
    expect(a.upper - a.lower).toBeGreaterThan(0.4);
    expect(a.upper - a.lower).toBeLessThan(1.0);
    expect(bootstrapMeanLift(t, c, createRng('boot'), { iterations: 1000 })).toEqual(a);
  });
});
