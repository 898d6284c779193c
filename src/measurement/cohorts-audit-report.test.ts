import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { trackCohorts } from './cohort-tracking';
import { proportionLift } from './lift';
import { auditTargeting, type AuditRow } from './model-audit';
import { analysePromotion } from './post-event';
import { cohortChartOption, curveChartOption, liftChartOption, postEventChartOption, renderChartSvg, toCsv, toJson } from './report';

describe('cohort tracking', () => {
  it('aggregates satisfaction, retention and repurchase per cohort and period', () => {
    const pts = trackCohorts([
      { customerId: 'a', cohort: 'treated', period: 1, satisfaction: 0.8, retained: true, repurchased: false },
      { customerId: 'b', cohort: 'treated', period: 1, satisfaction: null, retained: false, repurchased: true },
      { customerId: 'c', cohort: 'holdout', period: 1, satisfaction: 0.6, retained: true, repurchased: false },
    ]);
    expect(pts).toEqual([
      { cohort: 'holdout', period: 1, customers: 1, satisfaction: 0.6, retention: 1, repurchase: 0 },
      { cohort: 'treated', period: 1, customers: 2, satisfaction: 0.8, retention: 0.5, repurchase: 0.5 },
    ]);
  });
});

describe('model audit', () => {
  const rows = (scoreOf: (need: number, disc: number, impulse: number) => number): AuditRow[] => {
    const rng = createRng('audit');
    return Array.from({ length: 500 }, () => {
      const need = rng.next(), disc = rng.int(6), impulse = rng.next();
      return { targetingScore: scoreOf(need, disc, impulse) + 0.05 * rng.normal(), needs: { adas_value: need }, priorDiscountRedemptions: disc, impulsiveness: { lateNightSessions: impulse } };
    });
  };
  it('passes targeting that follows need', () => {
    const r = auditTargeting(rows((need) => need));
    expect(r.passed).toBe(true);
    expect(r.needCorrelations['adas_value']).toBeGreaterThan(0.8);
  });
  it('flags targeting that tracks discount dependency and impulsiveness', () => {
    const r = auditTargeting(rows((_n, disc, impulse) => disc / 5 + impulse));
    expect(r.passed).toBe(false);
    expect(r.findings.map((f) => f.kind).sort()).toEqual(['discount_dependency', 'impulsiveness', 'weak_need']);
  });
});

describe('reports', () => {
  it('CSV quotes commas, quotes and newlines; JSON drops non-finite numbers', () => {
    expect(toCsv([{ a: 'x,y', b: 1 }, { a: 'say "hi"', c: true }])).toBe('a,b,c\r\n"x,y",1,\r\n"say ""hi""",,true\r\n');
    expect(JSON.parse(toJson({ roi: Number.NaN, v: Float64Array.from([1, 2]) }))).toEqual({ roi: null, v: [1, 2] });
  });
  it('renders lift and cohort charts to SVG on the server', () => {
    const lift = proportionLift({ treatedSuccesses: 56, treatedTotal: 70, controlSuccesses: 48, controlTotal: 80 });
    const svg = renderChartSvg(liftChartOption([{ label: 'spring', lift }]), { width: 400, height: 300 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('spring');
    const cohort = renderChartSvg(cohortChartOption([{ cohort: 'treated', period: 1, customers: 2, satisfaction: 0.8, retention: 0.5, repurchase: 0.5 }], 'retention'));
    expect(cohort).toContain('retention by cohort');
  });
  it('plots a post-event series against its baseline, and a Qini curve', () => {
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'].map((date, i) => ({ date, sales: [10, 10, 20, 8][i]! }));
    const report = analysePromotion({ promotionId: 'prm-9', days, promotionStart: '2026-03-03', promotionEnd: '2026-03-03', marginPerSale: 100, costPerRedemption: 10 });
    const option = postEventChartOption(report, days);
    expect((option['series'] as { data: number[] }[])[1]!.data).toEqual([10, 10, 10, 10]);
    expect(renderChartSvg(option)).toContain('prm-9');
    const qini = curveChartOption('Qini', { x: [0, 1, 2], y: [0, 1, 0.5] });
    expect((qini['series'] as { data: number[][] }[])[1]!.data).toEqual([[0, 0], [2, 0.5]]);
  });
});
