import * as echarts from 'echarts';
import type { CohortPoint } from './cohort-tracking';
import type { ProportionLift } from './lift';
import type { PostEventReport } from './post-event';

/**
 * Reports as JSON and CSV strings, and ECharts option objects. The same option
 * renders in the dashboard (browser) and to SVG here on the server.
 */
export type Cell = string | number | boolean | null;
export type ChartOption = Record<string, unknown>;

export function toJson(report: unknown): string {
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v instanceof Float64Array ? Array.from(v) : v), 2);
}

function csvCell(v: Cell): string {
  if (v === null) return '';
  const s = typeof v === 'number' && !Number.isFinite(v) ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header from the union of keys, in first-seen order. */
export function toCsv(rows: readonly Readonly<Record<string, Cell>>[]): string {
  const header: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!header.includes(k)) header.push(k);
  return [header.map(csvCell).join(','), ...rows.map((r) => header.map((k) => csvCell(r[k] ?? null)).join(','))].join('\r\n') + '\r\n';
}

export function liftChartOption(lifts: readonly { label: string; lift: ProportionLift }[]): ChartOption {
  return {
    title: { text: 'Incremental lift (Newcombe 95% CI)' },
    tooltip: { trigger: 'axis' },
    legend: { data: ['lift', 'CI'], bottom: 0 },
    xAxis: { type: 'category', data: lifts.map((l) => l.label) },
    yAxis: { type: 'value', name: 'lift (rate difference)' },
    series: [
      { name: 'lift', type: 'bar', data: lifts.map((l) => l.lift.difference) },
      // A thin candlestick from the lower to the upper bound draws the interval as an error bar.
      {
        name: 'CI', type: 'candlestick', barMaxWidth: 6,
        itemStyle: { color: '#1f2937', color0: '#1f2937', borderColor: '#1f2937', borderColor0: '#1f2937' },
        data: lifts.map((l) => [l.lift.newcombe.lower, l.lift.newcombe.upper, l.lift.newcombe.lower, l.lift.newcombe.upper]),
      },
    ],
  };
}

export function postEventChartOption(report: PostEventReport, days: readonly { date: string; sales: number }[]): ChartOption {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  return {
    title: { text: `Promotion ${report.promotionId}: sales vs baseline` },
    tooltip: { trigger: 'axis' },
    legend: { data: ['sales', 'baseline'] },
    xAxis: { type: 'category', data: sorted.map((d) => d.date) },
    yAxis: { type: 'value', name: 'sales per day' },
    series: [
      { name: 'sales', type: 'line', data: sorted.map((d) => d.sales) },
      { name: 'baseline', type: 'line', lineStyle: { type: 'dashed' }, data: report.baselinePerDay },
    ],
  };
}

export function cohortChartOption(points: readonly CohortPoint[], metric: 'retention' | 'repurchase' | 'satisfaction'): ChartOption {
  const cohorts = [...new Set(points.map((p) => p.cohort))];
  return {
    title: { text: `${metric} by cohort` },
    tooltip: { trigger: 'axis' },
    legend: { data: cohorts },
    xAxis: { type: 'value', name: 'period', minInterval: 1 },
    yAxis: { type: 'value', name: metric, min: 0 },
    series: cohorts.map((c) => ({ name: c, type: 'line', data: points.filter((p) => p.cohort === c).map((p) => [p.period, p[metric]]) })),
  };
}

/** A Qini (or uplift) curve with the random-targeting diagonal. */
export function curveChartOption(title: string, curve: { x: ArrayLike<number>; y: ArrayLike<number> }): ChartOption {
  const n = curve.x.length;
  const xs = Array.from(curve.x), ys = Array.from(curve.y);
  return {
    title: { text: title },
    xAxis: { type: 'value', name: 'customers targeted' },
    yAxis: { type: 'value', name: 'incremental responders' },
    series: [
      { name: 'model', type: 'line', showSymbol: false, data: xs.map((x, i) => [x, ys[i]]) },
      { name: 'random', type: 'line', lineStyle: { type: 'dashed' }, showSymbol: false, data: [[0, 0], [xs[n - 1] ?? 0, ys[n - 1] ?? 0]] },
    ],
  };
}

/** Server-side SVG rendering of an option (no DOM, no I/O). */
export function renderChartSvg(option: ChartOption, size: { width: number; height: number } = { width: 800, height: 400 }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
