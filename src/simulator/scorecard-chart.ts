import * as echarts from 'echarts';
import type { ScorecardResult } from './scorecard';

/** An SVG chart (echarts server-side rendering): cumulative gross profit per strategy by month, and share of the oracle. */
export function scorecardSvg(result: ScorecardResult): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 900, height: 500 });
  const months = Array.from({ length: result.months }, (_, i) => String(i + 1));
  const strategies = result.rows.filter((r) => r.strategy !== 'no-action');
  chart.setOption({
    animation: false,
    title: { text: `Scorecard: ${result.scenarioId}, seed ${result.seed}, ${result.owners} owners`, left: 'center', textStyle: { fontSize: 14 } },
    legend: { top: 28, data: result.rows.map((r) => r.strategy) },
    grid: [{ left: 70, right: 330, top: 70, bottom: 50 }, { left: 640, right: 30, top: 70, bottom: 50 }],
    xAxis: [
      { gridIndex: 0, type: 'category', data: months, name: 'month', nameLocation: 'middle', nameGap: 28 },
      { gridIndex: 1, type: 'category', data: strategies.map((r) => r.strategy), axisLabel: { interval: 0, fontSize: 10 } },
    ],
    yAxis: [
      { gridIndex: 0, type: 'value', name: 'cumulative gross profit', axisLabel: { formatter: (v: number) => `${Math.round(v / 1000)}k` } },
      { gridIndex: 1, type: 'value', name: 'share of oracle (incr. LTV)', max: 1.2, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
    ],
    series: [
      ...result.rows.map((r) => ({ name: r.strategy, type: 'line' as const, xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, data: r.monthlyGrossProfit })),
      { name: 'share of oracle', type: 'bar' as const, xAxisIndex: 1, yAxisIndex: 1, data: strategies.map((r) => r.shareOfOracle), label: { show: true, position: 'top', formatter: (p: { value: number }) => `${Math.round(p.value * 100)} %` } },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
