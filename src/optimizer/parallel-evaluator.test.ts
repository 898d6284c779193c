import { describe, expect, it } from 'vitest';
import { generateInstance } from './generate-instance';
import { createLocalEvaluator } from './local-evaluator';
import { createParallelEvaluator, solveScaleParallel } from './parallel-evaluator-worker';
import { solveScale } from './dual-solver';

describe('worker-thread evaluator', () => {
  const instance = generateInstance({ customers: 3000, candidatesPerCustomer: 8, constraints: 20, seed: 5 });

  it('loads its TypeScript worker and matches the single-threaded evaluation', async () => {
    const parallel = await createParallelEvaluator(instance, { threads: 2 });
    const local = createLocalEvaluator(instance);
    try {
      const penalty = new Float64Array(instance.options.length).map((_, p) => (p % 7) * 3);
      const a = await parallel.evaluate(penalty, 2);
      const b = await local.evaluate(penalty, 2);
      expect(a.lagrangian).toBeCloseTo(b.lagrangian, 6);
      expect(a.smoothed).toBeCloseTo(b.smoothed, 6);
      a.mass.forEach((m, p) => expect(m).toBeCloseTo(b.mass[p]!, 9));
      expect(Array.from(await parallel.assign(penalty, 2, 3))).toEqual(Array.from(await local.assign(penalty, 2, 3)));
    } finally {
      await parallel.close();
    }
  });

  it('solves to the same plan on two threads as on one', async () => {
    const one = await solveScale(instance, { maxIterations: 60 });
    const two = await solveScaleParallel(instance, { maxIterations: 60, threads: 2 });
    expect(two.threads).toBe(2);
    expect(two.primalValue).toBeCloseTo(one.primalValue, 3);
    expect(two.dualBound).toBeCloseTo(one.dualBound, 3);
  });
});
