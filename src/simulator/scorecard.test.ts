import { describe, expect, it } from 'vitest';
import { loadShippedScenario } from './scenario-io';
import { formatScorecard, runScorecard } from './scorecard';
import { scorecardSvg } from './scorecard-chart';

describe('scorecard end to end (demo scenario, 800 vehicles, 24 months)', () => {
  const progress: number[] = [];
  const result = runScorecard({ scenario: loadShippedScenario('demo'), seed: 11, months: 24, vehicles: 800, onProgress: (p) => progress.push(p.done) });
  const row = (name: string) => {
    const r = result.rows.find((x) => x.strategy === name);
    if (!r) throw new Error(`no row ${name}`);
    return r;
  };

  it('runs the counterfactual, both named strategies and the oracle, with progress', () => {
    expect(result.rows.map((r) => r.strategy)).toEqual(['no-action', 'conversion-only', 'platform', 'oracle']);
    expect(progress.at(-1)).toBe(4 * 24);
    expect(row('oracle').shareOfOracle).toBe(1);
    expect(row('no-action').shareOfOracle).toBe(0);
  });

  it('the platform beats conversion-only on lifetime value and satisfaction', () => {
    expect(row('platform').incrementalLifetimeValue).toBeGreaterThan(row('conversion-only').incrementalLifetimeValue);
    expect(row('platform').satisfaction).toBeGreaterThan(row('conversion-only').satisfaction);
    expect(row('platform').incrementalLifetimeValue).toBeGreaterThan(0);
    expect(row('platform').shareOfOracle).toBeLessThan(1);
  });

  it('shows the known failure modes of the baseline: discount dependency and contacts without consent', () => {
    expect(row('conversion-only').discountDependency).toBeGreaterThan(row('platform').discountDependency);
    expect(row('conversion-only').contactsWithoutConsent).toBeGreaterThan(0);
    expect(row('platform').contactsWithoutConsent).toBe(0);
    expect(row('platform').privacyBudget).toBeGreaterThan(0);
    expect(row('conversion-only').privacyBudget).toBe(0);
  });

  it('counts messages blocked by a compliance check', () => {
    const blocked = runScorecard({
      scenario: loadShippedScenario('demo'), seed: 11, months: 3, vehicles: 300,
      complianceCheck: (m) => ({ allowed: m.channel !== 'sms', reason: 'no SMS in this test' }),
    });
    const conv = blocked.rows.find((r) => r.strategy === 'conversion-only');
    const plat = blocked.rows.find((r) => r.strategy === 'platform');
    expect(conv?.messagesBlocked).toBeGreaterThan(0);
    expect(plat?.messagesBlocked).toBe(0); // the platform checks before sending
  });

  it('is deterministic and renders a table and an SVG', () => {
    const again = runScorecard({ scenario: loadShippedScenario('demo'), seed: 11, months: 24, vehicles: 800 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
    const table = formatScorecard(result);
    expect(table).toContain('share of oracle');
    expect(table.split('\n').filter((l) => /^(no-action|conversion-only|platform|oracle) /.test(l))).toHaveLength(4);
    const svg = scorecardSvg(result);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('platform');
  });
});
