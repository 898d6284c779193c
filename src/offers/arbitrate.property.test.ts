import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ContactPolicy, arbitrate, type ArbitrationOffer, type CustomerCandidates } from './index';

const offerArb = (i: number): fc.Arbitrary<ArbitrationOffer> => fc.record({
  id: fc.constant(`off-${i}`),
  exclusivityGroup: fc.constantFrom(null, 'g1', 'g2'),
  stackable: fc.boolean(),
  priority: fc.integer({ min: 0, max: 5 }),
  perCustomerLimit: fc.constantFrom(null, 1, 2),
  globalLimit: fc.constantFrom(null, 1, 2, 5),
  costMinor: fc.integer({ min: 0, max: 200 }),
  fundId: fc.constantFrom(null, 'fund-a', 'fund-b'),
});

const scenario = fc.integer({ min: 1, max: 6 }).chain((n) => fc.record({
  offers: fc.tuple(...Array.from({ length: n }, (_, i) => offerArb(i))),
  budgets: fc.record({ 'fund-a': fc.integer({ min: 0, max: 600 }), 'fund-b': fc.integer({ min: 0, max: 600 }) }),
  customers: fc.array(fc.record({
    customerId: fc.uuid(),
    candidates: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }).map((ids) => ids.map((i) => ({ offerId: `off-${i}`, channel: 'push' as const, score: 0 }))),
    history: fc.array(fc.record({
      offerId: fc.integer({ min: 0, max: n - 1 }).map((i) => `off-${i}`),
      event: fc.constantFrom('received' as const, 'redeemed' as const),
      channel: fc.constantFrom('push' as const, 'email' as const),
      at: fc.integer({ min: 1, max: 60 }).map((d) => new Date(Date.parse('2026-11-22T12:00:00Z') - d * 86_400_000).toISOString()),
    }), { maxLength: 4 }),
  }), { minLength: 1, maxLength: 10 }),
  policy: fc.record({
    maxOffersPerDecision: fc.integer({ min: 1, max: 3 }),
    frequencyCaps: fc.constantFrom([], [{ days: 7, maxContacts: 1 }], [{ days: 30, maxContacts: 3 }]),
  }),
}));

describe('arbitration invariants', () => {
  it('never overspends a budget, breaks a limit, an exclusive group or stacking, and answers every candidate', () => {
    fc.assert(fc.property(scenario, ({ offers, budgets, customers, policy }) => {
      const byId = new Map(offers.map((o) => [o.id, o]));
      const result = arbitrate({ offers, customers: customers as CustomerCandidates[], budgets, usage: {}, policy: ContactPolicy.parse(policy), now: new Date('2026-11-22T12:00:00Z') });
      const spent: Record<string, number> = { 'fund-a': 0, 'fund-b': 0 };
      const used: Record<string, number> = {};
      result.decisions.forEach((d, i) => {
        const granted = d.granted.map((g) => byId.get(g.offerId) as ArbitrationOffer);
        expect(granted.length).toBeLessThanOrEqual(policy.maxOffersPerDecision);
        if (granted.length > 1) expect(granted.every((o) => o.stackable)).toBe(true);
        const groups = granted.map((o) => o.exclusivityGroup).filter((g) => g !== null);
        expect(new Set(groups).size).toBe(groups.length);
        expect([...d.granted, ...d.refused].map((x) => x.offerId).sort()).toEqual(customers[i]?.candidates.map((c) => c.offerId).sort());
        for (const o of granted) {
          used[o.id] = (used[o.id] ?? 0) + 1;
          if (o.fundId) spent[o.fundId] = (spent[o.fundId] ?? 0) + o.costMinor;
        }
      });
      for (const fund of ['fund-a', 'fund-b'] as const) {
        expect(spent[fund]).toBeLessThanOrEqual(budgets[fund]);
        expect(result.budgets[fund]).toBe(budgets[fund] - (spent[fund] ?? 0));
      }
      for (const o of offers) if (o.globalLimit !== null) expect(used[o.id] ?? 0).toBeLessThanOrEqual(o.globalLimit);
    }), { numRuns: 300, seed: 20261122 });
  });
});
