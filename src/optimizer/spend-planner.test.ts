import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { fitResponseCurve, responseAt } from './response-curve';
import { planSpend, type SpendInput } from './spend-planner';
import { planSpendExact } from './spend-exact';
import { compareScenarios } from './what-if';

function market(): SpendInput {
  const rng = createRng('spend');
  const cells = ['north', 'south', 'west'].flatMap((region) => ['service', 'sales', 'features'].map((program) => ({
    region, program,
    curve: { a: 200 + 800 * rng.next(), b: 1 / (20_000 + 80_000 * rng.next()) },
    valuePerResponse: program === 'sales' ? 900 : program === 'service' ? 150 : 60,
    hoursPerResponse: program === 'service' ? 1.5 : program === 'sales' ? 0.5 : 0.1,
  })));
  return { cells, budget: 300_000, regionHours: { north: 400, south: 250, west: 600 }, step: 1000 };
}

describe('regional spend planning', () => {
  it('recovers a response curve from noisy history', () => {
    const rng = createRng(4);
    const truth = { a: 1000, b: 1 / 50_000 };
    const history = Array.from({ length: 40 }, () => {
      const spend = 200_000 * rng.next();
      return { spend, response: responseAt(truth, spend) * (1 + 0.03 * rng.normal()) };
    });
    const fit = fitResponseCurve(history);
    expect(fit.a).toBeGreaterThan(900);
    expect(fit.a).toBeLessThan(1100);
    expect(fit.b * 50_000).toBeGreaterThan(0.85);
    expect(fit.b * 50_000).toBeLessThan(1.15);
  });

  it('greedy on marginal value matches HiGHS on the piecewise-linear version and keeps dealer hours', async () => {
    const input = market();
    const greedy = planSpend(input);
    const exact = await planSpendExact(input);
    expect(greedy.totalSpend).toBeLessThanOrEqual(input.budget + 1e-6);
    for (const r of greedy.regions) expect(r.hours).toBeLessThanOrEqual(r.capacity + 1e-6);
    // Greedy loses at most one increment per cell closed by capacity.
    expect(greedy.totalValue).toBeLessThanOrEqual(exact.totalValue + 1e-6);
    expect(greedy.totalValue).toBeGreaterThanOrEqual(exact.totalValue * 0.995);
  });

  it('compares what-if scenarios side by side', () => {
    const input = market();
    const result = compareScenarios(input, [
      { name: 'baseline' },
      { name: 'budget +10%', budgetFactor: 1.1 },
      { name: 'budget -10%', budgetFactor: 0.9 },
      { name: 'north dealer closed', hoursRemoved: { north: 300 } },
      { name: 'EV stock shortage', programCap: { sales: 50 } },
    ]);
    const value = (name: string): number => result.scenarios.find((s) => s.name === name)!.plan.totalValue;
    expect(value('budget +10%')).toBeGreaterThan(value('baseline'));
    expect(value('budget -10%')).toBeLessThan(value('baseline'));
    expect(value('north dealer closed')).toBeLessThanOrEqual(value('baseline') + 1e-6);
    expect(value('EV stock shortage')).toBeLessThanOrEqual(value('baseline') + 1e-6);
    expect(result.table).toHaveLength(5 * input.cells.length);
    expect(result.plot.series).toHaveLength(5);
    expect(result.plot.series[0]!.spend).toHaveLength(result.plot.categories.length);
  });
});
