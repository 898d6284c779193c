import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignRange, createScratch, evaluateRange, type KernelArrays } from './dual-kernel';

function oneCustomer(values: number[]): KernelArrays {
  return {
    candidateStart: Int32Array.from([0, values.length]),
    candidateValue: Float32Array.from(values),
    candidateOption: Int32Array.from(values.keys()),
    holdout: new Uint8Array(1),
  };
}

describe('dual kernel', () => {
  it('projects r/γ onto {x ≥ 0, Σx ≤ 1}: the KKT conditions hold', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 8 }),
      fc.double({ min: 0.5, max: 100, noNaN: true }),
      (values, gamma) => {
        const arrays = oneCustomer(values);
        const mass = new Float64Array(values.length);
        const [lagrangian, smoothed] = evaluateRange(arrays, 0, 1, new Float64Array(values.length), gamma, mass, createScratch(8));
        const total = mass.reduce((a, b) => a + b, 0);
        expect(total).toBeLessThanOrEqual(1 + 1e-9);
        expect(Math.min(...mass)).toBeGreaterThanOrEqual(0);
        expect(lagrangian).toBeCloseTo(Math.max(0, ...values), 5);
        expect(smoothed).toBeLessThanOrEqual(lagrangian + 1e-9);
        // KKT: x_j = max(0, (r_j − τ)/γ) with one τ ≥ 0 for all positive entries.
        const taus = values.flatMap((r, j) => (mass[j]! > 1e-12 ? [r - gamma * mass[j]!] : []));
        for (const t of taus) expect(t).toBeCloseTo(taus[0]!, 6);
        if (taus.length > 0) expect(taus[0]!).toBeGreaterThanOrEqual(-1e-6);
        if (total < 1 - 1e-9 && taus.length > 0) expect(taus[0]!).toBeCloseTo(0, 6);
      },
    ), { numRuns: 300 });
  });

  it('argmax assignment skips held-out customers and customers with no positive reduced value', () => {
    const arrays: KernelArrays = {
      candidateStart: Int32Array.from([0, 2, 4, 6]),
      candidateValue: Float32Array.from([5, 9, 100, 200, -1, 3]),
      candidateOption: Int32Array.from([0, 1, 0, 1, 0, 1]),
      holdout: Uint8Array.from([0, 1, 0]),
    };
    const choice = new Int32Array(3);
    assignRange(arrays, 0, 3, Float64Array.from([0, 3]), 0, 1, choice, createScratch(2));
    expect(Array.from(choice)).toEqual([1, -1, -1]);
    assignRange(arrays, 0, 3, Float64Array.from([0, 5]), 0, 1, choice, createScratch(2));
    expect(Array.from(choice)).toEqual([0, -1, -1]);
  });
});
