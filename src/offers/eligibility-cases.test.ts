import { describe, it, expect } from 'vitest';
import type { Offer } from '../domain';
import { isForecourtError } from '../kernel';
import { eligibilityCases, type EligibilityCase } from './eligibility-cases';
import { EligibilityContext, checkStoredRules, defaultConditions, describeConditions, evaluateEligibility, parseStoredRules } from './index';

const merged = ['customer', 'vehicle', 'offer'];

function setup(c: EligibilityCase): { offer: Offer; ctx: EligibilityContext; now: Date } {
  const base: Record<string, unknown> = { ...eligibilityCases.base.ctx, offer: eligibilityCases.base.offer };
  for (const [key, value] of Object.entries(c.patch ?? {})) {
    base[key] = merged.includes(key) ? { ...(base[key] as object), ...(value as object) } : value;
  }
  const { offer, ...ctx } = base;
  return { offer: offer as Offer, ctx: EligibilityContext.parse(ctx), now: new Date(c.now ?? eligibilityCases.now) };
}

describe(`eligibility cases v${eligibilityCases.version}`, () => {
  const results = eligibilityCases.cases.map((c) => {
    const { offer, ctx, now } = setup(c);
    return { c, result: evaluateEligibility(offer, c.rules, ctx, now) };
  });

  it.each(results.map((r) => [r.c.name, r] as const))('%s', (_name, { c, result }) => {
    expect(result.reasons.map((r) => r.code)).toEqual(['offer_valid', 'offer_market', ...c.rules.map((r) => r.code)]);
    expect(result.reasons.filter((r) => !r.passed).map((r) => r.code)).toEqual(c.expect.failed);
    expect(result.eligible).toBe(c.expect.eligible);
    if ('detail' in c.expect && c.expect.detail) {
      const { code, matches } = c.expect.detail;
      expect(result.reasons.find((r) => r.code === code)?.detail).toContain(matches);
    }
  });

  it('covers every registered condition both passing and failing', () => {
    for (const condition of defaultConditions) {
      const outcomes = results.flatMap((r) => r.result.reasons.filter((x) => x.code === condition.code).map((x) => x.passed));
      expect(outcomes, condition.code).toContain(true);
      expect(outcomes, condition.code).toContain(false);
    }
  });
});

describe('stored rules', () => {
  it('rejects unknown codes and bad params with a clear error, listing every problem', () => {
    const check = checkStoredRules([
      { code: 'market', params: { markets: ['UK'] } },
      { code: 'star_sign', params: {} },
      { code: 'software_version', params: { range: 'not a range' } },
      { code: 'mileage', params: {} },
      { code: 'market', params: { markets: ['UK'] }, extra: 1 },
    ]);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => p.index)).toEqual([1, 2, 3, 4]);
    expect(check.problems[0]?.message).toMatch(/unknown condition star_sign/);
    expect(check.problems[1]?.message).toMatch(/range: not a valid semver range/);
    expect(check.problems[2]?.message).toMatch(/give minKm, maxKm or both/);
    try {
      parseStoredRules([{ code: 'star_sign', params: {} }]);
      expect.unreachable();
    } catch (error) {
      expect(isForecourtError(error) && error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('applies param defaults so stored rules stay minimal', () => {
    expect(parseStoredRules([{ code: 'ownership', params: {} }])).toEqual([{ code: 'ownership', params: { relation: 'owner', minMonths: 0 } }]);
  });

  it('describes each condition with a JSON schema for forms', () => {
    const described = describeConditions();
    expect(described.map((d) => d.code)).toEqual(defaultConditions.map((c) => c.code));
    expect(described.find((d) => d.code === 'telemetry_feature')?.params).toMatchObject({ type: 'object', required: ['feature', 'op', 'value'] });
  });
});
