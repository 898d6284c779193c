import { describe, expect, it } from 'vitest';
import { checkMessage, createRuleRegistry, defaultRuleRegistry, marketScope } from './check-message';
import { defineRule } from './define-rule';
import { ruleCases } from './rule-cases';
import { defaultRules } from './rules';

describe('rule case table', () => {
  it.each(ruleCases.map((c) => [c.name, c] as const))('%s', (_name, rc) => {
    const got = checkMessage(rc.input).violations.map((v) => v.ruleId);
    if (rc.expect) expect(got).toEqual([...rc.expect].sort());
    for (const id of rc.contains ?? []) expect(got).toContain(id);
    for (const id of rc.excludes ?? []) expect(got).not.toContain(id);
  });

  it('covers every registered rule with a failing and a passing case', () => {
    for (const rule of defaultRules) {
      const fails = ruleCases.filter((c) => (c.expect ?? c.contains ?? []).includes(rule.id));
      const passes = ruleCases.filter((c) => c.name.startsWith(`${rule.id} pass`));
      expect(fails.length, `${rule.id} failing cases`).toBeGreaterThan(0);
      expect(passes.length, `${rule.id} passing cases`).toBeGreaterThan(0);
    }
  });
});

describe('registry and applicability', () => {
  it('registers the 29 rules of RULES.md with unique ids', () => {
    expect(defaultRules).toHaveLength(29);
    expect(new Set(defaultRules.map((r) => r.id)).size).toBe(29);
  });

  it('inherits markets per §1.4', () => {
    expect(marketScope('US-CA')).toEqual(['US-CA', 'US']);
    expect(marketScope('DE')).toEqual(['DE', 'EU']);
    expect(marketScope('UK')).toEqual(['UK']);
  });

  it('applies US rules in US-CA and EU rules in DE but not across families of markets', () => {
    const text = 'Meridian financing from 2.99%!';
    const vehicle = { model: 'Meridian Tourer', adasLevel: 2, certifiedFeatures: [] };
    const run = (market: 'US-CA' | 'UK') => checkMessage({ market, channel: 'push', vehicle, consent: {}, text }).violations.map((v) => v.ruleId);
    expect(run('US-CA')).toContain('FIN-US-002');
    expect(run('UK')).not.toContain('FIN-US-002');
  });

  it('a new rule is one definition plus one registry line', () => {
    const extra = defineRule({
      id: 'TEST-001', family: 'price', severity: 'major', markets: ['UK'], channels: ['sms'], description: 'test rule',
      evaluate: (ctx) => (ctx.text.norm.text.includes('banana') ? { evidence: [], explanation: 'banana', suggestedFix: 'no banana' } : null),
    });
    const registry = createRuleRegistry([...defaultRules, extra]);
    const input = { market: 'UK' as const, channel: 'sms' as const, vehicle: { model: 'X', adasLevel: 0, certifiedFeatures: [] }, consent: { channelMarketing: true }, text: 'BANANA deal' };
    expect(checkMessage(input, registry).violations.map((v) => v.ruleId)).toEqual(['TEST-001']);
    expect(checkMessage({ ...input, channel: 'push' }, registry).violations).toEqual([]);
    expect(registry.version).not.toBe(defaultRuleRegistry.version);
  });

  it('rejects duplicate rule ids and malformed certified-feature tokens', () => {
    expect(() => createRuleRegistry([...defaultRules, defaultRules[0]!])).toThrow(/duplicate/);
    expect(() =>
      checkMessage({ market: 'US', channel: 'push', vehicle: { model: 'X', adasLevel: 2, certifiedFeatures: ['L2_HANDSOFF:motorway'] }, text: 'hi' }),
    ).toThrow();
  });

  it('returns severity, explanation, suggested fix and missing element ids', () => {
    const v = checkMessage({ market: 'US', channel: 'email', vehicle: { model: 'Kestrel', adasLevel: 2, certifiedFeatures: [] }, consent: { channelMarketing: true }, text: 'Drive off in a new Kestrel for $459 a month — financing for 60 months.' });
    const fin = v.violations.find((x) => x.ruleId === 'FIN-US-001');
    expect(fin?.severity).toBe('major');
    expect(fin?.missing).toEqual(['down_payment', 'apr']);
    expect(fin?.explanation.length).toBeGreaterThan(10);
    expect(fin?.suggestedFix).toMatch(/APR/);
    expect(fin?.evidence.map((e) => e.text)).toContain('$459 a month');
  });

  it('applies ADAS precedence: ADAS-007 is not reported when ADAS-002 fires', () => {
    const v = checkMessage({ market: 'DE', channel: 'push', vehicle: { model: 'Halden Vireo', adasLevel: 2, certifiedFeatures: [] }, text: 'Lassen Sie das Lenkrad los – Ihr Vireo hält die Spur.' });
    expect(v.violations.map((x) => x.ruleId)).toEqual(['ADAS-002']);
  });
});
