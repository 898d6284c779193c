import {
  analysePromotion, auditTargeting, cohortChartOption, liftChartOption, postEventChartOption, proportionLift, trackCohorts,
  type Cell, type ChartOption, type CohortPoint, type ModelAuditReport, type PostEventReport, type ProportionLift,
} from '../measurement';
import { createMatrix } from './matrix';
import type { LoggedRow } from './models-store';
import type { UpliftModel } from './uplift-data';

/**
 * The measurement report over the platform's own logs: incremental lift per arm against its
 * randomised control (Newcombe 95 % interval), post-event analysis of the campaign, cohorts
 * by the arm an owner first got, and an audit of a model's targeting.
 */
export interface LiftRow { arm: string; treated: number; control: number; lift: ProportionLift }
export interface MeasurementReport {
  exposures: number;
  campaign: { id: string; from: string; to: string } | null;
  lift: LiftRow[];
  postEvent: (PostEventReport & { series: { date: string; sales: number }[] }) | null;
  cohorts: CohortPoint[];
  audit: (ModelAuditReport & { model: string }) | null;
}

/** The campaign with a control arm and at least one treated arm (the randomised one), if any. */
function campaignOf(rows: readonly LoggedRow[]): string | null {
  const arms = new Map<string, Set<string>>();
  for (const r of rows) arms.set(r.campaignId, (arms.get(r.campaignId) ?? new Set()).add(r.arm));
  return [...arms].filter(([, a]) => a.size > 1 && a.has('none')).map(([c]) => c).sort()[0] ?? null;
}

export function buildMeasurementReport(rows: readonly LoggedRow[], scorer?: { id: string; model: UpliftModel; featureNames: readonly string[] }): MeasurementReport {
  const observed = rows.filter((r) => r.outcome !== null);
  const campaignId = campaignOf(observed);
  const inCampaign = observed.filter((r) => r.campaignId === campaignId);
  const empty: MeasurementReport = { exposures: rows.length, campaign: null, lift: [], postEvent: null, cohorts: [], audit: null };
  if (!campaignId || inCampaign.length === 0) return empty;
  const times = inCampaign.map((r) => r.exposedAt).sort();
  const control = inCampaign.filter((r) => r.arm === 'none');
  const arms = [...new Set(inCampaign.map((r) => r.arm))].filter((a) => a !== 'none').sort();
  const conv = (xs: readonly LoggedRow[]): number => xs.filter((r) => r.outcome!.converted).length;
  const lift = arms.map((arm) => {
    const treated = inCampaign.filter((r) => r.arm === arm);
    return { arm, treated: treated.length, control: control.length, lift: proportionLift({ treatedSuccesses: conv(treated), treatedTotal: treated.length, controlSuccesses: conv(control), controlTotal: control.length }, 0.95) };
  });

  // Post-event: service sales per logged period of the owners treated in the first campaign period,
  // against those held out then (their series, scaled to the treated pre-period level, is the baseline).
  const first = times[0]!;
  const firstArm = new Map(inCampaign.filter((r) => r.exposedAt === first).map((r) => [r.ownerId, r.arm]));
  const byPeriod = new Map<string, { sales: number; holdoutSales: number; redemptions: number }>();
  for (const r of observed) {
    const arm = firstArm.get(r.ownerId);
    if (arm === undefined) continue;
    const key = r.exposedAt.slice(0, 10);
    const d = byPeriod.get(key) ?? { sales: 0, holdoutSales: 0, redemptions: 0 };
    if (r.outcome!.converted) {
      if (arm === 'none') d.holdoutSales++; else d.sales++;
      if (r.campaignId === campaignId && r.arm.endsWith('-10')) d.redemptions++;
    }
    byPeriod.set(key, d);
  }
  const series = [...byPeriod].map(([date, d]) => ({ date, ...d })).sort((a, b) => a.date.localeCompare(b.date));
  const meanGp = (xs: readonly LoggedRow[]): number => xs.reduce((s, r) => s + r.outcome!.grossProfit, 0) / Math.max(1, xs.length);
  const fullPrice = observed.filter((r) => r.outcome!.converted && r.arm === 'none');
  const discounted = inCampaign.filter((r) => r.outcome!.converted && r.arm.endsWith('-10'));
  const marginPerSale = Math.max(0, meanGp(fullPrice));
  let postEvent: MeasurementReport['postEvent'] = null;
  const start = first.slice(0, 10), end = times[times.length - 1]!.slice(0, 10);
  if (series.length >= 3 && series[0]!.date < start && series.some((d) => d.holdoutSales > 0)) {
    const report = analysePromotion({
      promotionId: campaignId, days: series, promotionStart: start, promotionEnd: end,
      // Margin given away per discounted sale, as observed: full-price margin minus discounted margin.
      marginPerSale, costPerRedemption: discounted.length > 0 ? Math.max(0, marginPerSale - meanGp(discounted)) : 0,
    });
    postEvent = { ...report, series: series.map(({ date, sales }) => ({ date, sales })) };
  }

  // Cohorts: the arm an owner got in the first campaign period, followed period by period.
  const periods = [...new Set(observed.map((r) => r.exposedAt))].filter((t) => t >= first).sort();
  const repurchasedBy = new Set<string>();
  const cohortObs = observed.filter((r) => firstArm.has(r.ownerId) && r.exposedAt >= first).map((r) => {
    if (r.outcome!.repurchased) repurchasedBy.add(r.ownerId);
    return { customerId: r.ownerId, cohort: firstArm.get(r.ownerId)!, period: periods.indexOf(r.exposedAt), satisfaction: null, retained: r.outcome!.active, repurchased: repurchasedBy.has(r.ownerId) };
  });
  const cohorts = trackCohorts(cohortObs);

  let audit: MeasurementReport['audit'] = null;
  const sample = inCampaign.filter((_, i) => i % Math.max(1, Math.ceil(inCampaign.length / 3000)) === 0);
  // The audit's correlations need at least 10 rows; a small scope (one dealer) may have fewer.
  if (scorer && sample.length >= 10) {
    const d = scorer.featureNames.length;
    const x = createMatrix(sample.length, d);
    sample.forEach((r, i) => scorer.featureNames.forEach((f, j) => { x.values[i * d + j] = r.features[f] ?? 0; }));
    const uplift = scorer.model.predictUplift(x);
    const f = (r: LoggedRow, k: string): number => r.features[k] ?? 0;
    const clip = (v: number): number => Math.min(1, Math.max(0, v));
    const report = auditTargeting(sample.map((r, i) => ({
      targetingScore: Math.max(...uplift.map((u) => u[i]!)),
      needs: { service_due: clip(f(r, 'monthsSinceService') / 12), brake_wear: clip(f(r, 'padWearPct') / 100), tyre_low: clip(f(r, 'tyreLow')), fault_codes: clip(f(r, 'dtcCount')) },
      priorDiscountRedemptions: f(r, 'discountedPurchases'),
      impulsiveness: { offersRedeemed: f(r, 'offersRedeemed') },
    })));
    audit = { ...report, model: scorer.id };
  }
  return { exposures: rows.length, campaign: { id: campaignId, from: times[0]!, to: times[times.length - 1]! }, lift, postEvent, cohorts, audit };
}

/** One CSV table: a `section` column, then that section's fields. */
export function measurementCsvRows(r: MeasurementReport): Record<string, Cell>[] {
  const out: Record<string, Cell>[] = [];
  for (const l of r.lift) {
    out.push({ section: 'lift', arm: l.arm, treated: l.treated, control: l.control, treatedRate: l.lift.treatedRate, controlRate: l.lift.controlRate,
      difference: l.lift.difference, lower: l.lift.newcombe.lower, upper: l.lift.newcombe.upper });
  }
  if (r.postEvent) {
    const p = r.postEvent;
    out.push({ section: 'post-event', promotion: p.promotionId, baselineMethod: p.baselineMethod, salesDuring: p.salesDuring, baselineDuring: p.baselineDuring, lift: p.lift,
      pullForward: p.pullForward, cannibalisation: p.cannibalisation, netIncrementalSales: p.netIncrementalSales, incrementalMargin: p.incrementalMargin, fundSpend: p.fundSpend, roi: p.roi });
  }
  for (const c of r.cohorts) out.push({ section: 'cohort', cohort: c.cohort, period: c.period, customers: c.customers, retention: c.retention, repurchase: c.repurchase });
  if (r.audit) {
    out.push({ section: 'audit', model: r.audit.model, passed: r.audit.passed, discountCorrelation: r.audit.discountCorrelation, findings: r.audit.findings.map((f) => f.kind).join(' ') });
  }
  return out;
}

export const measurementCharts = ['lift', 'post-event', 'cohorts'] as const;
export type MeasurementChart = (typeof measurementCharts)[number];

export function measurementChartOption(r: MeasurementReport, name: MeasurementChart): ChartOption | null {
  if (name === 'lift') return r.lift.length > 0 ? liftChartOption(r.lift.map((l) => ({ label: l.arm, lift: l.lift }))) : null;
  if (name === 'post-event') return r.postEvent ? postEventChartOption(r.postEvent, r.postEvent.series) : null;
  return r.cohorts.length > 0 ? cohortChartOption(r.cohorts, 'retention') : null;
}
