import { z } from 'zod';

/**
 * Post-event analysis of one promotion from a daily series. The baseline is the
 * mean daily level over the pre-period (or, when a holdout series is supplied,
 * the holdout scaled to the treated pre-period level, which also removes seasonality).
 *   lift            = Σ over the promotion of (sales − baseline)
 *   pull-forward    = Σ over the post-period of (baseline − sales), when positive: sales taken from the future
 *   cannibalisation = Σ over the promotion of (other-offer baseline − other-offer redemptions), when positive
 *   ROI             = (net incremental margin − fund spend) / fund spend
 */
export const PromotionDay = z.strictObject({
  date: z.iso.date(),
  sales: z.number().min(0),
  /** Redemptions of this promotion (drives fund spend). */
  redemptions: z.number().min(0).default(0),
  /** Redemptions of the other offers running at the same time. */
  otherOfferRedemptions: z.number().min(0).default(0),
  /** Same-day sales in the holdout population, if there is one. */
  holdoutSales: z.number().min(0).optional(),
});
export type PromotionDay = z.input<typeof PromotionDay>;

export const PostEventInput = z.strictObject({
  promotionId: z.string().min(1),
  days: z.array(PromotionDay).min(3),
  promotionStart: z.iso.date(),
  promotionEnd: z.iso.date(),
  marginPerSale: z.number().min(0),
  marginPerOtherRedemption: z.number().min(0).default(0),
  costPerRedemption: z.number().min(0),
  fixedCost: z.number().min(0).default(0),
}).refine((p) => p.promotionStart <= p.promotionEnd, 'promotion ends before it starts');
export type PostEventInput = z.input<typeof PostEventInput>;

export interface PostEventReport {
  readonly promotionId: string;
  readonly baselineMethod: 'pre-period mean' | 'scaled holdout';
  readonly baselinePerDay: readonly number[];
  readonly days: { readonly pre: number; readonly during: number; readonly post: number };
  readonly salesDuring: number;
  readonly baselineDuring: number;
  readonly lift: number;
  readonly pullForward: number;
  readonly cannibalisation: number;
  readonly netIncrementalSales: number;
  readonly incrementalMargin: number;
  readonly fundSpend: number;
  readonly roi: number;
  readonly reasons: readonly string[];
}

export function analysePromotion(input: PostEventInput): PostEventReport {
  const p = PostEventInput.parse(input);
  const days = [...p.days].sort((a, b) => a.date.localeCompare(b.date));
  const phase = (d: { date: string }): 'pre' | 'during' | 'post' => (d.date < p.promotionStart ? 'pre' : d.date > p.promotionEnd ? 'post' : 'during');
  const pre = days.filter((d) => phase(d) === 'pre');
  if (pre.length === 0) throw new RangeError('the series needs days before the promotion for a baseline');
  const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const preSales = avg(pre.map((d) => d.sales));
  const preOther = avg(pre.map((d) => d.otherOfferRedemptions));
  const useHoldout = days.every((d) => d.holdoutSales !== undefined) && avg(pre.map((d) => d.holdoutSales!)) > 0;
  const scale = useHoldout ? preSales / avg(pre.map((d) => d.holdoutSales!)) : 1;
  const baselinePerDay = days.map((d) => (useHoldout ? d.holdoutSales! * scale : preSales));
  let salesDuring = 0, baselineDuring = 0, lift = 0, post = 0, cannibal = 0, redemptions = 0;
  const counts = { pre: 0, during: 0, post: 0 };
  days.forEach((d, i) => {
    const ph = phase(d);
    counts[ph]++;
    const base = baselinePerDay[i]!;
    if (ph === 'during') {
      salesDuring += d.sales; baselineDuring += base; lift += d.sales - base;
      cannibal += preOther - d.otherOfferRedemptions;
    }
    if (ph === 'post') post += base - d.sales;
    redemptions += d.redemptions;
  });
  const pullForward = Math.max(0, post);
  const cannibalisation = Math.max(0, cannibal);
  const netIncrementalSales = lift - pullForward;
  const incrementalMargin = netIncrementalSales * p.marginPerSale - cannibalisation * p.marginPerOtherRedemption;
  const fundSpend = redemptions * p.costPerRedemption + p.fixedCost;
  const roi = fundSpend > 0 ? (incrementalMargin - fundSpend) / fundSpend : NaN;
  const reasons = [
    useHoldout ? `baseline: holdout series scaled by ${scale.toFixed(3)} to the pre-period level` : `baseline: pre-period mean ${preSales.toFixed(2)} per day over ${pre.length} days`,
    `lift ${lift.toFixed(1)} sales over ${counts.during} promotion days`,
    counts.post === 0 ? 'no post-period days: pull-forward not measured' : `post-period ${counts.post} days: pull-forward ${pullForward.toFixed(1)}`,
    `other offers lost ${cannibalisation.toFixed(1)} redemptions during the promotion`,
    `fund spend ${fundSpend.toFixed(2)} for ${redemptions} redemptions; ROI ${Number.isNaN(roi) ? 'n/a' : roi.toFixed(3)}`,
  ];
  return { promotionId: p.promotionId, baselineMethod: useHoldout ? 'scaled holdout' : 'pre-period mean', baselinePerDay, days: counts, salesDuring, baselineDuring, lift, pullForward, cannibalisation, netIncrementalSales, incrementalMargin, fundSpend, roi, reasons };
}
