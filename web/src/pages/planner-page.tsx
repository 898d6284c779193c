import { useEffect, useRef, useState } from 'react';
import { fmt, useApi } from '../api';
import { useSession } from '../session';

interface ConstraintReport { id: string; kind: string; label: string; capacity: number; used: number; utilisation: number; shadowPrice: number; binding: boolean }
interface Decision { customer: string; chosen: { offer: string; channel: string; dealer: string; value: number } | null; reasons: string[] }
interface StoredPlan {
  id: string;
  market: string | null;
  plan: { mode: string; value: number; bound: number; gap: number; assigned: number; iterations: number; constraints: ConstraintReport[]; decisions: Decision[] };
  build: { owners: number; heldOut: number; candidates: number; offers: number; dealers: number } | null;
}
interface SpendScenario { name: string; plan: { totalSpend: number; totalValue: number; marginalValuePerSpend: number }; deltaValue: number; deltaSpend: number }
interface SpendPlanning {
  scenarios: SpendScenario[];
  plot: { categories: string[]; series: { name: string; spend: number[]; value: number[] }[] };
}
interface Market { code: string; name: string }

const num = (x: number): string => (Math.abs(x) >= 100 ? fmt.format(Math.round(x)) : x.toPrecision(4));

async function postJson<T>(url: string, body: unknown): Promise<{ ok: true; data: T } | { ok: false; error: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = await res.json();
  return res.ok ? { ok: true, data: out as T } : { ok: false, error: `${out.code}: ${out.message}` };
}

/** Grouped bars of spend (and value) per region/program, one series per scenario (ECharts, SVG renderer). */
function ScenarioChart({ plot }: { plot: SpendPlanning['plot'] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return undefined;
    let disposed = false;
    let dispose = (): void => undefined;
    void import('echarts').then((echarts) => {
      if (disposed || !el.current) return;
      const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: [{ top: 40, height: 150, left: 70, right: 20 }, { top: 240, height: 150, left: 70, right: 20 }],
        xAxis: [{ type: 'category', data: plot.categories, gridIndex: 0 }, { type: 'category', data: plot.categories, gridIndex: 1 }],
        yAxis: [{ type: 'value', name: 'spend', gridIndex: 0 }, { type: 'value', name: 'value', gridIndex: 1 }],
        series: [
          ...plot.series.map((s) => ({ name: s.name, type: 'bar', data: s.spend, xAxisIndex: 0, yAxisIndex: 0 })),
          ...plot.series.map((s) => ({ name: s.name, type: 'bar', data: s.value, xAxisIndex: 1, yAxisIndex: 1 })),
        ],
      });
      dispose = () => chart.dispose();
    });
    return () => { disposed = true; dispose(); };
  }, [plot]);
  return <div ref={el} role="img" aria-label="What-if spend and value per region and program" data-testid="chart-what-if" style={{ width: '100%', maxWidth: 900, height: 420 }} />;
}

function PlanPanel({ market }: { market: string }) {
  const [mode, setMode] = useState<'scale' | 'exact'>('scale');
  const [plan, setPlan] = useState<StoredPlan>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    setError(undefined);
    const r = await postJson<StoredPlan>('/api/v1/plans', { market, mode, maxDecisions: 50 });
    setBusy(false);
    if (r.ok) setPlan(r.data);
    else setError(r.error);
  }
  const binding = plan ? plan.plan.constraints.filter((c) => c.binding).sort((a, b) => b.shadowPrice - a.shadowPrice) : [];
  return (
    <section aria-label="Offer plan">
      <h2>Offer plan</h2>
      <p className="muted">Allocates at most one offer per owner (with its channel and dealer) under fund budgets, dealer hours, stock, contact caps and holdouts, from the stored data.</p>
      <label>Mode{' '}
        <select aria-label="Mode" value={mode} onChange={(e) => setMode(e.target.value as 'scale' | 'exact')}>
          <option value="scale">scale (dual decomposition)</option>
          <option value="exact">exact (HiGHS)</option>
        </select>
      </label>{' '}
      <button onClick={() => void run()} disabled={busy}>{busy ? 'Planning…' : 'Run plan'}</button>
      {error && <p role="alert" className="error">Could not plan: {error}</p>}
      {plan && (
        <>
          <div className="tiles" aria-label="Plan figures">
            <div className="tile" data-testid="plan-value"><div className="value">{plan.plan.value.toFixed(2)}</div><div className="label">value</div></div>
            <div className="tile" data-testid="plan-bound"><div className="value">{plan.plan.bound.toFixed(2)}</div><div className="label">bound (no plan can beat it)</div></div>
            <div className="tile" data-testid="plan-gap"><div className="value">{(plan.plan.gap * 100).toFixed(3)} %</div><div className="label">certified gap</div></div>
            <div className="tile" data-testid="plan-assigned"><div className="value">{plan.plan.assigned}</div><div className="label">owners with an offer</div></div>
          </div>
          <p className="muted">Plan <code data-testid="plan-id">{plan.id}</code>{plan.build ? `: ${plan.build.owners} owners (${plan.build.heldOut} held out), ${plan.build.candidates} candidates, ${plan.build.offers} offers, ${plan.build.dealers} dealers` : ''}. Deliver it with <code>POST /api/v1/plans/{plan.id}/deliver</code> or <code>forecourt plan --plan {plan.id} --deliver</code>.</p>
          <h3>Binding constraints</h3>
          {binding.length === 0 ? <p className="muted">No constraint binds: more capacity or budget would not add value.</p> : (
            <table aria-label="Binding constraints">
              <thead><tr><th>Constraint</th><th>Kind</th><th className="num">Used</th><th className="num">Capacity</th><th className="num">Shadow price</th></tr></thead>
              <tbody>
                {binding.map((c) => (
                  <tr key={c.id} data-testid={`binding-${c.id}`}>
                    <td>{c.label}</td><td>{c.kind}</td><td className="num">{num(c.used)}</td><td className="num">{num(c.capacity)}</td><td className="num">{c.shadowPrice.toFixed(4)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Decisions (first {plan.plan.decisions.length})</h3>
          <table aria-label="Decisions">
            <thead><tr><th>Customer</th><th>Offer</th><th>Channel</th><th>Dealer</th><th>Why</th></tr></thead>
            <tbody>
              {plan.plan.decisions.slice(0, 20).map((d) => (
                <tr key={d.customer}><td>{d.customer}</td><td>{d.chosen?.offer ?? '—'}</td><td>{d.chosen?.channel ?? ''}</td><td>{d.chosen?.dealer ?? ''}</td><td>{d.reasons.join(' ')}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function WhatIfPanel({ market }: { market: string }) {
  const [budget, setBudget] = useState('100000');
  const [whatIf, setWhatIf] = useState('budget+10,budget-10');
  const [result, setResult] = useState<SpendPlanning>();
  const [error, setError] = useState<string>();
  async function run() {
    setError(undefined);
    const r = await postJson<SpendPlanning>('/api/v1/spend-plans', { market, budget: Number(budget), whatIf: whatIf.split(',').map((s) => s.trim()).filter(Boolean) });
    if (r.ok) setResult(r.data);
    else setError(r.error);
  }
  return (
    <section aria-label="What-if scenarios">
      <h2>Regional spend: what-if scenarios</h2>
      <p className="muted">Scenarios: <code>budget+10</code>, <code>budget-10</code>, <code>close:&lt;dealer&gt;</code> (its hours leave the region), <code>stock:&lt;program&gt;:&lt;cap&gt;</code>.</p>
      <label>Budget <input aria-label="Budget" value={budget} onChange={(e) => setBudget(e.target.value)} inputMode="decimal" /></label>{' '}
      <label>Scenarios <input aria-label="Scenarios" value={whatIf} onChange={(e) => setWhatIf(e.target.value)} size={40} /></label>{' '}
      <button onClick={() => void run()}>Compare</button>
      {error && <p role="alert" className="error">Could not plan spend: {error}</p>}
      {result && (
        <>
          <table aria-label="Scenario comparison">
            <thead><tr><th>Scenario</th><th className="num">Spend</th><th className="num">Value</th><th className="num">Δ value</th><th className="num">Δ spend</th><th className="num">Marginal value per unit</th></tr></thead>
            <tbody>
              {result.scenarios.map((s) => (
                <tr key={s.name} data-testid={`scenario-${s.name}`}>
                  <td>{s.name}</td><td className="num">{num(s.plan.totalSpend)}</td><td className="num">{num(s.plan.totalValue)}</td>
                  <td className="num">{num(s.deltaValue)}</td><td className="num">{num(s.deltaSpend)}</td><td className="num">{s.plan.marginalValuePerSpend.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ScenarioChart plot={result.plot} />
        </>
      )}
    </section>
  );
}

/** Campaign planner: the optimizer's plan for a market, and what-if spend scenarios side by side. */
export function PlannerPage() {
  const { me } = useSession();
  const markets = useApi<{ items: Market[] }>('/api/v1/markets');
  const nodes = useApi<{ items: { id: string; market: string | null }[] }>('/api/v1/nodes');
  const [chosen, setChosen] = useState<string>();
  // Default: the market of the caller's own node (an NSC plans its market), else the first market.
  const own = nodes.data?.items.find((n) => n.id === me?.nodeId)?.market ?? undefined;
  const list = markets.data?.items ?? [];
  const market = chosen ?? own ?? list[0]?.code;
  if (markets.error) return <p role="alert" className="error">Could not load the markets: {markets.error}</p>;
  if (!market) return <p>Loading…</p>;
  return (
    <>
      <label>Market{' '}
        <select aria-label="Market" value={market} onChange={(e) => setChosen(e.target.value)}>
          {list.map((m) => <option key={m.code} value={m.code}>{m.code}</option>)}
        </select>
      </label>
      <PlanPanel key={`plan-${market}`} market={market} />
      <WhatIfPanel key={`spend-${market}`} market={market} />
    </>
  );
}
