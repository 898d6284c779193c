import { describe, expect, it } from 'vitest';
import { loggedArms, ownerRealisedValues, realisedPolicyValue, runLoggedPolicy, uniformLoggingPolicy } from './logged-policy';
import { loadShippedScenario } from './scenario-io';

describe('logged-policy runs', () => {
  const scenario = loadShippedScenario('demo');
  const opts = { scenario, seed: 7, months: 4, window: { from: 1, to: 3 }, vehicles: 200, policy: uniformLoggingPolicy };

  it('logs every eligible owner-month with the arm, its propensity and observable features only; same seed, same rows', () => {
    const rows = runLoggedPolicy(opts);
    expect(runLoggedPolicy(opts)).toEqual(rows);
    expect(new Set(rows.map((r) => r.month))).toEqual(new Set([0, 1, 2, 3]));
    for (const r of rows) {
      expect(loggedArms).toContain(r.arm);
      expect(r.propensity).toBe(r.inWindow ? 1 / 3 : 1);
      if (!r.inWindow) expect(r.arm).toBe('none');
      expect(r.channel === null).toBe(r.arm === 'none');
    }
    const keys = Object.keys(rows[0]!.features);
    for (const hidden of ['priceSensitivity', 'impulsiveness', 'loyalty', 'satisfaction', 'affinity']) expect(keys).not.toContain(hidden);
    const window = rows.filter((r) => r.inWindow);
    expect(new Set(window.map((r) => r.arm))).toEqual(new Set(loggedArms));
  });

  it('a policy that sends nothing realises the value of sending nothing, and offers change it', () => {
    const none = runLoggedPolicy({ ...opts, policy: () => ({ none: 1 }) });
    const all = runLoggedPolicy({ ...opts, policy: () => ({ 'service-10': 1 }) });
    expect(none.every((r) => r.arm === 'none')).toBe(true);
    expect(realisedPolicyValue(all)).not.toBe(realisedPolicyValue(none));
    expect(all.filter((r) => r.inWindow && r.converted).length).toBeGreaterThan(none.filter((r) => r.inWindow && r.converted).length);
  });

  it('returns owners\' realised gross profit beside what was observable at the start', () => {
    const values = ownerRealisedValues({ scenario, seed: 7, months: 6, vehicles: 200 });
    expect(values.length).toBeGreaterThan(100);
    for (const v of values) {
      expect(v.realisedValue).toBeGreaterThanOrEqual(0);
      expect(v.purchasesInHorizon.every((p) => p.month >= 0 && p.month < 6)).toBe(true);
    }
    expect(values.some((v) => v.realisedValue > 0)).toBe(true);
  });
});
