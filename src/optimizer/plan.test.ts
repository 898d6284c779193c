import { describe, expect, it } from 'vitest';
import { isForecourtError } from '../kernel';
import { generateInstance } from './generate-instance';
import { instanceToJson, parseInstance } from './instance-schema';
import { planFromJson } from './plan';
import type { InstanceJson } from './instance-schema';

/** Four customers want ADAS calibration at dealer A, which has hours for two; dealer B is a little less attractive. */
const adasWeek: InstanceJson = {
  constraints: [
    { id: 'adas-a', kind: 'dealer_capacity', label: "dealer A's ADAS-calibration hours this week", capacity: 3 },
    { id: 'adas-b', kind: 'dealer_capacity', label: "dealer B's ADAS-calibration hours this week", capacity: 30 },
    { id: 'budget', kind: 'budget', label: 'service program budget', capacity: 1000 },
  ],
  options: [
    { id: 'adas@A', offer: 'svc-adas', channel: 'in_vehicle', dealer: 'A', uses: [{ constraint: 'adas-a', amount: 1.5 }, { constraint: 'budget', amount: 60 }] },
    { id: 'adas@B', offer: 'svc-adas', channel: 'in_vehicle', dealer: 'B', uses: [{ constraint: 'adas-b', amount: 1.5 }, { constraint: 'budget', amount: 60 }] },
  ],
  segments: [{ id: 'all', minHoldoutShare: 0.2 }],
  customers: [
    { id: 'anna', segment: 'all', holdout: false, candidates: [{ option: 'adas@A', value: 200 }, { option: 'adas@B', value: 150 }] },
    { id: 'ben', segment: 'all', holdout: false, candidates: [{ option: 'adas@A', value: 190 }, { option: 'adas@B', value: 170 }] },
    { id: 'cara', segment: 'all', holdout: false, candidates: [{ option: 'adas@A', value: 180 }, { option: 'adas@B', value: 120 }] },
    { id: 'dev', segment: 'all', holdout: false, candidates: [{ option: 'adas@A', value: 175 }, { option: 'adas@B', value: 100 }] },
    { id: 'eve', segment: 'all', holdout: true, candidates: [{ option: 'adas@A', value: 500 }] },
  ],
};

describe('planFromJson', () => {
  it('sends the customer with the best alternative to dealer B and says that dealer A is full, with its price', async () => {
    const plan = await planFromJson({ instance: adasWeek });
    const ben = plan.decisions.find((d) => d.customer === 'ben')!;
    expect(ben.chosen?.dealer).toBe('B');
    expect(ben.reasons.join(' ')).toContain("dealer A's ADAS-calibration hours this week");
    expect(ben.binding[0]?.shadowPrice).toBeGreaterThan(0);
    const adasA = plan.constraints.find((c) => c.id === 'adas-a')!;
    expect(adasA.binding).toBe(true);
    expect(adasA.used).toBeLessThanOrEqual(3);
    expect(plan.constraints.find((c) => c.id === 'budget')!.shadowPrice).toBe(0);
    expect(plan.decisions.find((d) => d.customer === 'eve')!.chosen).toBeNull();
    expect(plan.holdouts.every((h) => h.ok)).toBe(true);
    // A has hours for two: cara and dev lose most by moving, so anna and ben go to B.
    expect(plan.value).toBe(150 + 170 + 180 + 175);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('exact mode agrees on the value and reports LP duals', async () => {
    const plan = await planFromJson({ instance: adasWeek, mode: 'exact' });
    expect(plan.value).toBeCloseTo(675, 6);
    expect(plan.constraints.find((c) => c.id === 'adas-a')!.shadowPrice).toBeGreaterThan(0);
  });

  it('rejects unknown references with VALIDATION_FAILED', async () => {
    const bad = { instance: { ...adasWeek, options: [{ ...adasWeek.options[0]!, uses: [{ constraint: 'nope', amount: 1 }] }] } };
    await expect(planFromJson(bad)).rejects.toSatisfy((e) => isForecourtError(e) && e.code === 'VALIDATION_FAILED');
    await expect(planFromJson({ instance: { customers: 'x' } })).rejects.toSatisfy((e) => isForecourtError(e) && e.code === 'VALIDATION_FAILED');
  });

  it('round-trips a generated instance through its JSON form', () => {
    const instance = generateInstance({ customers: 50, candidatesPerCustomer: 5, constraints: 20, seed: 9 });
    const again = parseInstance(JSON.parse(JSON.stringify(instanceToJson(instance))));
    expect(Array.from(again.candidateValue)).toEqual(Array.from(instance.candidateValue));
    expect(Array.from(again.candidateOption)).toEqual(Array.from(instance.candidateOption));
    expect(Array.from(again.capacity)).toEqual(Array.from(instance.capacity));
    expect(Array.from(again.holdout)).toEqual(Array.from(instance.holdout));
  });
});
