import { describe, it, expect } from 'vitest';
import { arbitrationCases, type ArbitrationCase } from './arbitration-cases';
import { ContactPolicy, CustomerCandidates, arbitrate, refusalCodes, type ArbitrationResult } from './index';

const run = (c: ArbitrationCase): ArbitrationResult => arbitrate({
  offers: c.offers,
  customers: c.customers.map((x) => CustomerCandidates.parse(x)),
  budgets: c.budgets ?? arbitrationCases.defaultBudgets,
  usage: c.usage ?? {},
  policy: ContactPolicy.parse(c.policy ?? {}),
  now: new Date(arbitrationCases.now),
});

describe(`arbitration cases v${arbitrationCases.version}`, () => {
  const results = arbitrationCases.cases.map((c) => ({ c, result: run(c) }));

  it.each(results.map((r) => [r.c.name, r] as const))('%s', (_name, { c, result }) => {
    expect(result.decisions.map((d) => d.customerId)).toEqual(c.customers.map((x) => x.customerId));
    for (const decision of result.decisions) {
      const expected = c.expect[decision.customerId];
      expect(decision.granted.map((g) => g.offerId), decision.customerId).toEqual(expected?.granted);
      const refused = Object.fromEntries(decision.refused.map((r) => [r.offerId, r.code]));
      expect(refused, decision.customerId).toEqual(expected?.refused ?? {});
      expect(decision.refused).toHaveLength(Object.keys(expected?.refused ?? {}).length);
      for (const r of decision.refused) expect(r.detail.length).toBeGreaterThan(0);
    }
    if (c.budgetsAfter) expect(result.budgets).toMatchObject(c.budgetsAfter);
    if (c.usageAfter) expect(result.usage).toMatchObject(c.usageAfter);
  });

  it('covers every refusal code', () => {
    const seen = new Set(results.flatMap((r) => r.result.decisions.flatMap((d) => d.refused.map((x) => x.code))));
    expect([...refusalCodes].filter((code) => !seen.has(code))).toEqual([]);
  });

  it('never spends a budget below zero nor mutates its inputs', () => {
    const c = arbitrationCases.cases.find((x) => x.name.startsWith('budget cap reached mid-batch'));
    if (!c) throw new Error('case missing');
    const before = JSON.stringify(c);
    const result = run(c);
    expect(Object.values(result.budgets).every((b) => b >= 0)).toBe(true);
    expect(JSON.stringify(c)).toBe(before);
  });
});
