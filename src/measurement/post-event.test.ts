import { describe, expect, it } from 'vitest';
import { analysePromotion, type PromotionDay } from './post-event';

function series(): PromotionDay[] {
  const days: PromotionDay[] = [];
  for (let i = 0; i < 30; i++) {
    const date = new Date(Date.UTC(2026, 2, 1 + i)).toISOString().slice(0, 10);
    // 10 days at 20/day, 10 promotion days at 30/day (4 redemptions), 10 days dipping to 17/day.
    const sales = i < 10 ? 20 : i < 20 ? 30 : 17;
    days.push({ date, sales, redemptions: i >= 10 && i < 20 ? 4 : 0, otherOfferRedemptions: i >= 10 && i < 20 ? 3 : 5 });
  }
  return days;
}

describe('post-event analysis', () => {
  it('finds baseline, lift, pull-forward, cannibalisation, fund spend and ROI', () => {
    const r = analysePromotion({ promotionId: 'prm-1', days: series(), promotionStart: '2026-03-11', promotionEnd: '2026-03-20', marginPerSale: 1000, marginPerOtherRedemption: 200, costPerRedemption: 500 });
    expect(r.baselineMethod).toBe('pre-period mean');
    expect(r.days).toEqual({ pre: 10, during: 10, post: 10 });
    expect(r.lift).toBeCloseTo(100, 9);
    expect(r.pullForward).toBeCloseTo(30, 9);
    expect(r.cannibalisation).toBeCloseTo(20, 9);
    expect(r.netIncrementalSales).toBeCloseTo(70, 9);
    expect(r.fundSpend).toBeCloseTo(20000, 9);
    // (70 * 1000 - 20 * 200 - 20000) / 20000
    expect(r.roi).toBeCloseTo(2.3, 9);
  });
  it('uses a holdout series as baseline when every day has one', () => {
    const days = series().map((d, i) => ({ ...d, holdoutSales: i < 10 ? 10 : 12 }));
    const r = analysePromotion({ promotionId: 'prm-1', days, promotionStart: '2026-03-11', promotionEnd: '2026-03-20', marginPerSale: 1000, costPerRedemption: 500 });
    expect(r.baselineMethod).toBe('scaled holdout');
    // Holdout rose 20%: baseline during = 24/day, lift = 60.
    expect(r.lift).toBeCloseTo(60, 9);
  });
  it('needs pre-period days', () => {
    expect(() => analysePromotion({ promotionId: 'p', days: series(), promotionStart: '2026-03-01', promotionEnd: '2026-03-05', marginPerSale: 1, costPerRedemption: 1 })).toThrow(RangeError);
  });
});
