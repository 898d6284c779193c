import { describe, it, expect } from 'vitest';
import { conflictCases, conflictNetwork, type ConflictCase } from './conflict-cases';
import { ConflictPolicy, conflictSteps, resolveChannelConflict, type ConflictResolution } from './index';

function run(c: ConflictCase): ConflictResolution {
  const offers = conflictNetwork.offers
    .filter((o) => c.offers.includes(o.id))
    .map((o) => {
      const amount = c.amounts?.[o.id];
      return amount === undefined ? o : { ...o, terms: { ...o.terms, amountMinor: amount }, costMinor: amount };
    });
  return resolveChannelConflict({ customer: c.customer, offers, nodes: conflictNetwork.nodes, dealers: conflictNetwork.dealers, policy: ConflictPolicy.parse(c.policy ?? {}) });
}

describe(`channel conflict cases v${conflictCases.version}`, () => {
  const results = conflictCases.cases.map((c) => ({ c, result: run(c) }));

  it.each(results.map((r) => [r.c.name, r] as const))('%s', (_name, { c, result }) => {
    expect(result.conflict).toBe(c.expect.conflict);
    expect(result.kinds).toEqual(c.expect.kinds);
    expect(result.winner).toBe(c.expect.winner);
    expect(result.kept).toEqual(c.expect.kept);
    expect(Object.fromEntries(result.suppressed.map((s) => [s.offerId, s.code]))).toEqual(c.expect.suppressed);
    expect(result.coFunding).toEqual(c.expect.coFunding ?? null);
    expect(result.explanation.length).toBeGreaterThan(0);
  });

  it('explains every policy step it applied', () => {
    const explained = results.flatMap((r) => r.result.explanation);
    expect(explained.some((e) => e.startsWith('primary dealer: dlr-home keeps the customer'))).toBe(true);
    expect(explained.some((e) => e.startsWith('territory: SE1 7PB belongs to dlr-rival'))).toBe(true);
    expect(explained.some((e) => e.startsWith('best for the customer: off-rival-conquest'))).toBe(true);
    expect(explained.some((e) => e.startsWith('co-funding: nsc-uk pays 60%'))).toBe(true);
    expect(conflictSteps).toHaveLength(3);
  });

  it('co-funding shares always add up to the winner\'s cost', () => {
    for (const { result, c } of results) {
      if (!result.coFunding) continue;
      const winner = conflictNetwork.offers.find((o) => o.id === result.winner);
      const cost = c.amounts?.[result.winner ?? ''] ?? winner?.costMinor;
      expect(result.coFunding.reduce((sum, s) => sum + s.amountMinor, 0)).toBe(cost);
    }
  });
});
