import { useState } from 'react';
import { useApi } from '../api';

interface Release { version: string; modelId: string; publishedAt: string; features: { code: string; change: string }[]; hardwareVariantIds: string[]; installableOn: string; waves: { startsAt: string; share: number }[] }
interface ReleaseView {
  feature: string; market: string; campaignIds: string[]; rolloutShare: number; eligibleVehicles: number; offersMade: number; offersPending: number; offersRetracted: number;
  holdoutVehicles: number; takeUp: { accepted: number; converted: number; rate: number | null };
  uplift: null | { treatedRate: number; holdoutRate: number; difference: number; lower: number; upper: number; confidence: number };
  stage: string; notes: string[];
  timeline: { day: string; treated: number; treatedConverted: number; holdout: number; holdoutConverted: number }[];
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)} %`);

/** Conversion over time, treated vs holdout, as a small SVG line chart. */
function TimelineChart({ timeline }: { timeline: ReleaseView['timeline'] }) {
  if (timeline.length === 0) return <p className="muted">No assignments yet.</p>;
  const w = 640, h = 200, pad = 30;
  const rate = (c: number, n: number) => (n > 0 ? c / n : 0);
  const series = [
    { name: 'treated', color: '#14213d', pts: timeline.map((t) => rate(t.treatedConverted, t.treated)) },
    { name: 'holdout', color: '#fca311', pts: timeline.map((t) => rate(t.holdoutConverted, t.holdout)) },
  ];
  const max = Math.max(0.01, ...series.flatMap((s) => s.pts));
  const x = (i: number) => pad + (timeline.length === 1 ? 0 : (i * (w - 2 * pad)) / (timeline.length - 1));
  const y = (v: number) => h - pad - (v / max) * (h - 2 * pad);
  return (
    <svg viewBox={`0 0 ${w} ${h}`} className="chart" role="img" aria-label="Conversion over time, treated and holdout">
      <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#c5cdd8" />
      {series.map((s) => (
        <g key={s.name}>
          <polyline fill="none" stroke={s.color} strokeWidth={2} points={s.pts.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
          <text x={w - pad} y={y(s.pts.at(-1) ?? 0) - 6} textAnchor="end" fontSize="12" fill={s.color}>{s.name}</text>
        </g>
      ))}
      <text x={pad} y={h - 8} fontSize="11" fill="#6b7686">{timeline[0]!.day}</text>
      <text x={w - pad} y={h - 8} fontSize="11" fill="#6b7686" textAnchor="end">{timeline.at(-1)!.day}</text>
    </svg>
  );
}

function ViewPanel({ feature, market }: { feature: string; market: string }) {
  const { data, error } = useApi<ReleaseView>(`/api/v1/release-view?feature=${encodeURIComponent(feature)}&market=${encodeURIComponent(market)}`, 10_000);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <section aria-label="Release view">
      <div className="tiles">
        <div className="tile" data-testid="view-eligible"><div className="value">{data.eligibleVehicles}</div><div className="label">eligible vehicles</div></div>
        <div className="tile"><div className="value">{pct(data.rolloutShare)}</div><div className="label">rolled out</div></div>
        <div className="tile" data-testid="view-offers"><div className="value">{data.offersMade}</div><div className="label">offers made</div></div>
        <div className="tile"><div className="value">{data.offersRetracted}</div><div className="label">retracted</div></div>
        <div className="tile"><div className="value">{pct(data.takeUp.rate)}</div><div className="label">take-up</div></div>
        <div className="tile"><div className="value">{data.uplift ? `${(100 * data.uplift.difference).toFixed(1)} pt` : '—'}</div><div className="label">uplift vs holdout</div></div>
      </div>
      {data.uplift && <p>Uplift {(100 * data.uplift.difference).toFixed(1)} points, {Math.round(100 * data.uplift.confidence)} % interval [{(100 * data.uplift.lower).toFixed(1)}, {(100 * data.uplift.upper).toFixed(1)}] (treated {pct(data.uplift.treatedRate)}, holdout {pct(data.uplift.holdoutRate)}).</p>}
      <p className="muted">Stage: {data.stage}{data.notes.length ? ` · ${data.notes.join(' · ')}` : ''}</p>
      <TimelineChart timeline={data.timeline} />
    </section>
  );
}

export function ReleasesPage() {
  const { data, error } = useApi<{ items: Release[] }>('/api/v1/releases', 10_000);
  const [feature, setFeature] = useState('');
  const [market, setMarket] = useState('US');
  const [shown, setShown] = useState<{ feature: string; market: string } | undefined>();
  const [json, setJson] = useState('');
  const [kind, setKind] = useState<'releases' | 'approvals'>('releases');
  const [posted, setPosted] = useState<string | undefined>();
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  const features = [...new Set(data.items.flatMap((r) => r.features.map((f) => f.code)))];

  async function post() {
    let body: unknown;
    try { body = JSON.parse(json); } catch { setPosted('That is not valid JSON.'); return; }
    const res = await fetch(`/api/v1/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const out = await res.json();
    setPosted(res.ok ? `Accepted (${out.outcome ?? 'stored'}).` : `Refused: ${out.message}${out.details ? ` ${JSON.stringify(out.details).slice(0, 300)}` : ''}`);
  }

  return (
    <>
      <table aria-label="Releases">
        <thead><tr><th>Version</th><th>Model</th><th>Features</th><th>Hardware</th><th>Installable on</th><th>Waves</th></tr></thead>
        <tbody>
          {data.items.map((r) => (
            <tr key={`${r.modelId}-${r.version}`}>
              <td><code>{r.version}</code></td><td>{r.modelId}</td><td>{r.features.map((f) => `${f.code} (${f.change})`).join(', ')}</td>
              <td>{r.hardwareVariantIds.join(', ')}</td><td><code>{r.installableOn}</code></td>
              <td>{r.waves.map((w) => `${w.startsAt.slice(0, 10)}: ${Math.round(100 * w.share)} %`).join(' → ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Feature adoption by market</h2>
      <form className="inline" aria-label="Release view" onSubmit={(e) => { e.preventDefault(); setShown({ feature, market }); }}>
        <label>Feature <select aria-label="Feature" value={feature} onChange={(e) => setFeature(e.target.value)} required>
          <option value="">—</option>{features.map((f) => <option key={f}>{f}</option>)}
        </select></label>
        <label>Market <select aria-label="Market" value={market} onChange={(e) => setMarket(e.target.value)}>
          {['US', 'US-CA', 'UK', 'DE', 'FR', 'EU'].map((m) => <option key={m}>{m}</option>)}
        </select></label>
        <button type="submit">Show</button>
      </form>
      {shown && <ViewPanel key={`${shown.feature}-${shown.market}`} feature={shown.feature} market={shown.market} />}
      <h2>Post a release or an approval</h2>
      <form aria-label="Post release" onSubmit={(e) => { e.preventDefault(); void post(); }}>
        <label>Kind <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as 'releases' | 'approvals')}><option value="releases">release</option><option value="approvals">regulatory approval</option></select></label>
        <label className="block">JSON (schemas in the API docs)<textarea aria-label="JSON" rows={8} value={json} onChange={(e) => setJson(e.target.value)} /></label>
        <button type="submit">Post</button>
      </form>
      {posted && <p role="status">{posted}</p>}
    </>
  );
}
