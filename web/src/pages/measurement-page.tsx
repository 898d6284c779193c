import { useEffect, useRef } from 'react';
import { fmt, useApi } from '../api';

interface Interval { lower: number; upper: number }
interface LiftRow { arm: string; treated: number; control: number; lift: { treatedRate: number; controlRate: number; difference: number; newcombe: Interval } }
interface PostEvent {
  promotionId: string; baselineMethod: string; salesDuring: number; baselineDuring: number; lift: number; pullForward: number;
  cannibalisation: number; netIncrementalSales: number; incrementalMargin: number; fundSpend: number; roi: number | null;
}
interface Report {
  exposures: number;
  campaign: { id: string; from: string; to: string } | null;
  lift: LiftRow[];
  postEvent: PostEvent | null;
  cohorts: { cohort: string; period: number; customers: number; retention: number; repurchase: number }[];
  audit: { model: string; passed: boolean; findings: { kind: string; variable: string; correlation: number; message: string }[] } | null;
  charts: Record<'lift' | 'post-event' | 'cohorts', Record<string, unknown> | null>;
  /** Set for a dealer: only cells with at least k noisy customers are shown (THREATS.md §6). */
  privacy: { level: string; k: number; noise: string; suppressed: string[] } | null;
}
interface ModelVersion {
  id: string; status: string; method: string; trainingRows: number; trainingWindow: { from: string; to: string };
  hyperParameters: Record<string, string | number | boolean>; metrics: Record<string, number>; consent: string[]; features: string[];
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const pp = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pp`;

/** An ECharts option rendered in the browser (SVG renderer), the same option the server renders to SVG. */
function Chart({ option, label }: { option: Record<string, unknown> | null; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!option || !el.current) return undefined;
    let disposed = false;
    let dispose = (): void => undefined;
    void import('echarts').then((echarts) => {
      if (disposed || !el.current) return;
      const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
      chart.setOption({ animation: false, ...option });
      dispose = () => chart.dispose();
    });
    return () => { disposed = true; dispose(); };
  }, [option]);
  if (!option) return <p className="muted">No data for this chart yet.</p>;
  return <div ref={el} role="img" aria-label={label} data-testid={`chart-${label}`} style={{ width: '100%', maxWidth: 800, height: 360 }} />;
}

function Registry() {
  const { data, error } = useApi<{ items: ModelVersion[] }>('/api/v1/models/versions');
  if (error) return <p role="alert" className="error">Could not load the model registry: {error}</p>;
  if (!data) return <p>Loading…</p>;
  if (data.items.length === 0) return <p className="muted">No models registered yet (<code>forecourt models train</code>).</p>;
  return (
    <table aria-label="Model registry">
      <thead><tr><th>Version</th><th>Status</th><th>Method</th><th>Base</th><th className="num">Rows</th><th>Training window</th><th className="num">Qini AUC (arm 1)</th><th>Consent</th></tr></thead>
      <tbody>
        {data.items.map((v) => (
          <tr key={v.id} data-testid={`model-${v.id}`}>
            <td><code>{v.id}</code></td><td>{v.status}</td><td>{v.method}</td><td>{String(v.hyperParameters.base ?? '')}</td>
            <td className="num">{fmt.format(v.trainingRows)}</td><td>{v.trainingWindow.from.slice(0, 10)} – {v.trainingWindow.to.slice(0, 10)}</td>
            <td className="num">{v.metrics['arm1.qiniAuc'] === undefined ? '' : v.metrics['arm1.qiniAuc'].toFixed(4)}</td><td>{v.consent.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Measurement: incremental lift with intervals, post-event analysis, cohorts, targeting audit and the model registry. */
export function MeasurementPage() {
  const { data, error, loading } = useApi<Report>('/api/v1/measurement/report');
  if (error) return <p role="alert" className="error">Could not load the measurement report: {error}</p>;
  if (loading || !data) return <p>Loading…</p>;
  return (
    <>
      <p className="muted">
        {data.campaign ? <>Campaign <code>{data.campaign.id}</code>, {data.campaign.from.slice(0, 10)} – {data.campaign.to.slice(0, 10)}; </> : 'No randomised campaign logged yet; '}
        {fmt.format(data.exposures)} exposures logged. Download: <a href="/api/v1/measurement/report?format=csv">CSV</a>, <a href="/api/v1/measurement/report">JSON</a>.
      </p>
      {data.privacy ? (
        <p className="muted" data-testid="privacy">
          Your customers only; counts are noisy and cells with fewer than {data.privacy.k} customers are withheld
          {data.privacy.suppressed.length > 0 ? ` (${data.privacy.suppressed.length} withheld)` : ''}.
        </p>
      ) : null}
      <section aria-label="Lift">
        <h2>Incremental lift against the holdout</h2>
        <table aria-label="Incremental lift">
          <thead><tr><th>Arm</th><th className="num">Treated</th><th className="num">Holdout</th><th className="num">Treated rate</th><th className="num">Holdout rate</th><th className="num">Lift</th><th>95 % interval (Newcombe)</th></tr></thead>
          <tbody>
            {data.lift.map((l) => (
              <tr key={l.arm} data-testid={`lift-${l.arm}`}>
                <td><code>{l.arm}</code></td><td className="num">{fmt.format(l.treated)}</td><td className="num">{fmt.format(l.control)}</td>
                <td className="num">{pct(l.lift.treatedRate)}</td><td className="num">{pct(l.lift.controlRate)}</td>
                <td className="num lift">{pp(l.lift.difference)}</td><td>[{pp(l.lift.newcombe.lower)}, {pp(l.lift.newcombe.upper)}]</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Chart option={data.charts.lift} label="Lift chart" />
      </section>
      <section aria-label="Post-event analysis">
        <h2>Post-event analysis</h2>
        {data.postEvent ? (
          <>
            <div className="tiles">
              {([['baseline', data.postEvent.baselineDuring], ['sales', data.postEvent.salesDuring], ['lift', data.postEvent.lift], ['pull-forward', data.postEvent.pullForward],
                ['net incremental', data.postEvent.netIncrementalSales], ['fund spend', data.postEvent.fundSpend]] as const).map(([k, v]) => (
                <div className="tile" key={k} data-testid={`post-${k}`}><div className="value">{v.toFixed(1)}</div><div className="label">{k}</div></div>
              ))}
              <div className="tile" data-testid="post-roi"><div className="value">{data.postEvent.roi === null ? 'n/a' : data.postEvent.roi.toFixed(2)}</div><div className="label">ROI</div></div>
            </div>
            <p className="muted">Baseline: {data.postEvent.baselineMethod}.</p>
          </>
        ) : <p className="muted">Not enough history before the campaign.</p>}
        <Chart option={data.charts['post-event']} label="Post-event chart" />
      </section>
      <section aria-label="Cohorts">
        <h2>Retention by cohort</h2>
        <Chart option={data.charts.cohorts} label="Cohort chart" />
      </section>
      <section aria-label="Targeting audit">
        <h2>Targeting audit</h2>
        {data.audit ? (
          <p data-testid="audit">{data.audit.model}: {data.audit.passed ? 'passed' : 'flagged'}{data.audit.findings.length > 0 ? ` (${data.audit.findings.map((f) => f.message).join('; ')})` : ''}</p>
        ) : <p className="muted">No trained model to audit yet.</p>}
      </section>
      <section aria-label="Models">
        <h2>Model registry</h2>
        <Registry />
      </section>
    </>
  );
}
