import { createRng } from '../kernel';
import type { ChartOption } from '../measurement';
import { discreteLaplace } from '../v2x';
import type { MeasurementChart, MeasurementReport } from './logs-report';
import type { LoggedRow } from './models-store';

/**
 * The measurement report as a dealer may see it (THREATS.md §6 release thresholds, INV-8):
 * every cell (the exposure total, a lift arm, the post-event analysis, a cohort point, the
 * audit) is released only if its *noisy* distinct-customer count is at least k; released
 * counts are the noisy ones. Noise is discrete Laplace, seeded by the scope, the cell and its
 * true count, so asking again returns the same answer (repeating a query averages nothing
 * away). Rates, intervals and ROI are computed on the true rows of released cells only.
 */
export interface ReleasePolicy {
  /** Minimum noisy distinct customers per released cell (THREATS.md §6 default 20). */
  k: number;
  /** Scale of the discrete Laplace noise on counts. */
  scale: number;
}

export const dealerReleasePolicy: ReleasePolicy = { k: 20, scale: 2 };

export interface ReportPrivacy {
  level: 'dealer';
  k: number;
  noise: string;
  /** Cells withheld because their noisy customer count was below k, e.g. `lift:service-0`, `cohort:none:3`. */
  suppressed: string[];
}

export type ReleasedReport = MeasurementReport & { privacy: ReportPrivacy | null };

export function releaseDealerReport(report: MeasurementReport, rows: readonly LoggedRow[], seed: string, policy: ReleasePolicy = dealerReleasePolicy): ReleasedReport {
  const noisy = (cell: string, n: number): number => Math.max(0, n + discreteLaplace(policy.scale, createRng(`${seed}|${cell}|${n}`)));
  const passes = (cell: string, customers: number): boolean => noisy(`${cell}|customers`, customers) >= policy.k;
  const owners = (xs: readonly LoggedRow[]): number => new Set(xs.map((r) => r.ownerId)).size;
  const suppressed: string[] = [];
  const campaign = report.campaign ? rows.filter((r) => r.campaignId === report.campaign!.id && r.outcome !== null) : [];
  const control = campaign.filter((r) => r.arm === 'none');

  const exposuresReleased = passes('exposures', owners(rows));
  if (!exposuresReleased && rows.length > 0) suppressed.push('exposures');
  const lift = report.lift.filter((l) => {
    const ok = passes(`lift:${l.arm}:treated`, owners(campaign.filter((r) => r.arm === l.arm))) && passes(`lift:${l.arm}:control`, owners(control));
    if (!ok) suppressed.push(`lift:${l.arm}`);
    return ok;
  }).map((l) => ({ ...l, treated: noisy(`lift:${l.arm}:treated`, l.treated), control: noisy(`lift:${l.arm}:control`, l.control) }));

  const campaignOk = campaign.length > 0 && passes('campaign:treated', owners(campaign.filter((r) => r.arm !== 'none'))) && passes('campaign:control', owners(control));
  if (report.postEvent && !campaignOk) suppressed.push('post-event');
  if (report.audit && !campaignOk) suppressed.push('audit');
  const cohorts = report.cohorts.filter((c) => {
    const ok = passes(`cohort:${c.cohort}:${c.period}`, c.customers);
    if (!ok) suppressed.push(`cohort:${c.cohort}:${c.period}`);
    return ok;
  }).map((c) => ({ ...c, customers: noisy(`cohort:${c.cohort}:${c.period}`, c.customers) }));

  return {
    exposures: exposuresReleased ? noisy('exposures', report.exposures) : 0,
    campaign: report.campaign,
    lift,
    postEvent: campaignOk ? report.postEvent : null,
    cohorts,
    audit: campaignOk ? report.audit : null,
    privacy: { level: 'dealer', k: policy.k, noise: `discrete Laplace, scale ${policy.scale}, on distinct-customer counts; cells below k on noisy counts are withheld`, suppressed },
  };
}

const chartCells: Record<MeasurementChart, string> = { lift: 'lift:', 'post-event': 'post-event', cohorts: 'cohort:' };

/** A chart that says its cells were withheld (instead of drawing small counts), or null if nothing was withheld for it. */
export function suppressedChartOption(privacy: ReportPrivacy | null, name: MeasurementChart): ChartOption | null {
  if (!privacy || !privacy.suppressed.some((c) => c.startsWith(chartCells[name]))) return null;
  return {
    title: { text: `${name}: withheld`, subtext: `fewer than ${privacy.k} customers per cell in your scope (noisy count); see THREATS.md §6`, left: 'center', top: 'middle' },
    xAxis: { show: false }, yAxis: { show: false }, series: [],
  };
}
