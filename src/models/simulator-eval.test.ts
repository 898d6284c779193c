import { describe, expect, it } from 'vitest';
import { loadShippedScenario } from '../simulator';
import { opeOnSimulator, personPeriods, serviceDuePolicy } from './simulator-eval';

describe('simulator evaluation (issue 6 item 9)', () => {
  it('builds yearly person-periods from an observable history', () => {
    const periods = personPeriods([{
      ownerId: 'o1', vehicleAgeYears: 5, priorDiscounts: 0, purchases: 0, realisedValue: 0, lostAtMonth: 30,
      purchasesInHorizon: [{ month: 3, product: 'service', discountPct: 0.1 }, { month: 14, product: 'vehicle', discountPct: 0 }],
    }], 36);
    expect(periods.map((p) => [p.year, p.vehicleAgeYears, p.priorDiscounts, p.churned, p.repurchased, p.fullPrice])).toEqual([
      [0, 5, 0, false, false, null],
      [1, 6, 1, false, true, true],
      [2, 10 / 12, 1, true, false, null],
    ]);
  });

  it('the new policy reminds only owners whose data shows a due service', () => {
    expect(serviceDuePolicy({ monthsSinceService: 3 }, 0)).toEqual({ none: 1 });
    expect(serviceDuePolicy({ monthsSinceService: 13 }, 0)).toEqual({ 'service-0': 1 });
    expect(serviceDuePolicy({ dtcCount: 1, offersIgnored: 2 }, 0)).toEqual({ 'service-10': 1 });
  });

  it('estimates the new policy off-policy within 10 % of its realised simulated value', () => {
    const ope = opeOnSimulator({ scenario: loadShippedScenario('demo'), seed: 1, months: 9, vehicles: 1000, opeMonths: 9 });
    expect(ope.loggedDecisions).toBeGreaterThan(2000);
    for (const k of ['ips', 'snips', 'dr'] as const) expect(Math.abs(ope.estimates[k].relativeError), k).toBeLessThan(0.1);
  }, 120_000);
});
