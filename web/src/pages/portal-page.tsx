import { useEffect, useState } from 'react';
import { fmt, useApi } from '../api';
import { useSession } from '../session';

interface Vehicle { vin: string; modelId: string; softwareVersion: string; odometerKm: number; ownerId: string | null }
interface Need { code: string; description: string; status: 'scored' | 'not_enough_data' | 'withheld'; score: number | null; reason: string | null; used: { name: string; value: number; from: string }[]; missing: string[] }
interface OfferMade { offerId: string; offerName: string | null; firstAt: string; channels: { channel: string; status: string }[]; result: string; redeemedAt: string | null }
interface Totals { offersMade: number; blocked: number; redeemed: number; leads: number; customersOffered: number; customersRedeemed: number; conversion: number | null }
interface PortalCustomer { id: string; displayName: string; contact: string | null; vehicles: { vin: string; modelName: string; softwareVersion: string; odometerKm: number; needs: Need[] }[]; offers: OfferMade[]; totals: Totals }
type Cell = { status: 'released'; value: number } | { status: 'suppressed' };
type Aggregates =
  | { status: 'released'; day: string; epsilon: number; kThreshold: number;
      network: { customersOffered: Cell; customersRedeemed: Cell; conversion: number | null; mechanism: string };
      usage: { market: string | null; vehicles: Cell; needs: { code: string; vehicles: Cell; share: number | null }[]; mechanism: string };
      v2x: { h3Resolution: number; windowDays: number; cells: { cell: string; vehicles: number }[]; suppressed: number; sybilDiscounted: number; epsilon: number } }
  | { status: 'refused'; reason: string; reasons: string[] };
interface Summary { dealerId: string; dealerName: string; customers: number; totals: Totals; aggregates: Aggregates }
interface CalendarDay { day: string; open: boolean; capacityHours: number; bookedHours: number; ratio: number }
interface Lead { id: string; offerId: string; status: string; createdAt: string; adf: string }
interface Position { fundId: string; budgetMinor: number; accruedMinor: number; claimedMinor: number; settledMinor: number; remainingMinor: number }

/** Booked hours against capacity per day; days over capacity are marked. */
function DemandChart({ days }: { days: CalendarDay[] }) {
  const w = 700, h = 180, pad = 24;
  const max = Math.max(1, ...days.map((d) => Math.max(d.capacityHours, d.bookedHours)));
  const bw = (w - 2 * pad) / Math.max(1, days.length);
  return (
    <svg viewBox={`0 0 ${w} ${h}`} className="chart" role="img" aria-label="Service demand against capacity">
      {days.map((d, i) => {
        const x = pad + i * bw;
        const cap = ((h - 2 * pad) * d.capacityHours) / max;
        const booked = ((h - 2 * pad) * d.bookedHours) / max;
        return (
          <g key={d.day} data-testid="demand-day">
            <rect x={x + 2} y={h - pad - cap} width={bw - 4} height={cap} fill="#e6eaf0" />
            <rect x={x + bw / 4} y={h - pad - booked} width={bw / 2} height={booked} fill={d.bookedHours > d.capacityHours ? '#b00020' : '#14213d'}>
              <title>{`${d.day}: ${d.bookedHours.toFixed(1)} of ${d.capacityHours.toFixed(1)} h booked`}</title>
            </rect>
            {i % 2 === 0 && <text x={x + bw / 2} y={h - 6} fontSize="10" textAnchor="middle" fill="#6b7686">{d.day.slice(5)}</text>}
          </g>
        );
      })}
    </svg>
  );
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const needName = (code: string) => code.replace(/_/g, ' ');
const cellText = (c: Cell) => (c.status === 'released' ? fmt.format(c.value) : 'suppressed (< k)');

/** Predicted needs of one vehicle: a bar per scored need; otherwise why there is none. */
function NeedBars({ needs }: { needs: Need[] }) {
  if (needs.every((n) => n.status === 'withheld')) return <span className="muted" data-testid="needs-withheld">withheld: no telematics consent</span>;
  if (needs.every((n) => n.reason === 'no_telemetry_features')) return <span className="muted">not enough data: no telemetry features yet</span>;
  return (
    <div className="needs">
      {needs.map((n) => n.status === 'scored' ? (
        <div key={n.code} className="need" data-testid="need" title={`${n.description}. Used: ${n.used.map((u) => `${u.name} ${u.value.toFixed(2)} (${u.from})`).join(', ')}${n.missing.length ? `. Not observed: ${n.missing.join(', ')}` : ''}`}>
          <span className="need-name">{needName(n.code)}</span>
          <span className="need-track"><span className="bar" style={{ width: `${Math.round((n.score ?? 0) * 100)}%` }} /></span>
          <span className="need-score">{(n.score ?? 0).toFixed(2)}</span>
        </div>
      ) : (
        <div key={n.code} className="need muted" title={n.missing.length ? `missing: ${n.missing.join(', ')}` : ''}>{needName(n.code)}: not enough data</div>
      ))}
    </div>
  );
}

/** All of the dealer's portal customers, page after page (at most 500). */
function usePortalCustomers(dealerId: string, enabled: boolean): { items: PortalCustomer[]; error: string | undefined; done: boolean } {
  const [state, setState] = useState<{ items: PortalCustomer[]; error: string | undefined; done: boolean }>({ items: [], error: undefined, done: !enabled });
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    void (async () => {
      const items: PortalCustomer[] = [];
      let after: string | null = null;
      do {
        const res = await fetch(`/api/v1/dealers/${encodeURIComponent(dealerId)}/portal/customers?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`, { headers: { accept: 'application/json' } });
        const body = await res.json();
        if (!res.ok) { if (!cancelled) setState({ items, error: `${body.code}: ${body.message}`, done: true }); return; }
        items.push(...(body.items as PortalCustomer[]));
        after = body.next as string | null;
      } while (after && items.length < 500);
      if (!cancelled) setState({ items, error: undefined, done: true });
    })();
    return () => { cancelled = true; };
  }, [dealerId, enabled]);
  return state;
}

/** The aggregates THREATS.md §6 covers, as released by the server: noised and thresholded. */
function NoisedAggregates({ summary }: { summary: Summary }) {
  const a = summary.aggregates;
  return (
    <section className="noised" data-testid="noised-aggregates" aria-label="Noised aggregates">
      <h2>Your area and the network <span className="badge">noised</span></h2>
      {a.status === 'refused' ? (
        <p role="status" className="muted">Not released: {a.reason === 'privacy_budget_exhausted' ? 'today’s privacy budget is spent' : a.reason}. They return with the next budget period.</p>
      ) : (
        <>
          <p className="muted">Computed from other dealers’ customers and from connected vehicles in your area, with differential-privacy noise added on the server
            (ε {a.epsilon} charged to your budget for {a.day}); a figure whose noisy count is below {a.kThreshold} is suppressed. Your own figures above are exact.</p>
          <table aria-label="Network comparison">
            <thead><tr><th>Conversion</th><th className="num">You (exact)</th><th className="num">Network average (noised)</th></tr></thead>
            <tbody>
              <tr><td>Customers offered</td><td className="num">{fmt.format(summary.totals.customersOffered)}</td><td className="num">{cellText(a.network.customersOffered)}</td></tr>
              <tr><td>Customers who redeemed</td><td className="num">{fmt.format(summary.totals.customersRedeemed)}</td><td className="num">{cellText(a.network.customersRedeemed)}</td></tr>
              <tr><td>Conversion</td><td className="num">{pct(summary.totals.customersOffered ? summary.totals.customersRedeemed / summary.totals.customersOffered : null)}</td><td className="num" data-testid="network-conversion">{pct(a.network.conversion)}</td></tr>
            </tbody>
          </table>
          <h3>Connected vehicles in {a.usage.market ?? 'your market'} by their highest need (noised)</h3>
          <table aria-label="Market usage">
            <thead><tr><th>Need</th><th className="num">Vehicles</th><th className="num">Share</th></tr></thead>
            <tbody>
              <tr><td>All with telemetry and consent</td><td className="num">{cellText(a.usage.vehicles)}</td><td className="num">—</td></tr>
              {a.usage.needs.map((n) => <tr key={n.code}><td>{needName(n.code)}</td><td className="num">{cellText(n.vehicles)}</td><td className="num">{pct(n.share)}</td></tr>)}
            </tbody>
          </table>
          <p className="muted" data-testid="v2x-area">V2X intersection encounters around your dealership (H3 resolution {a.v2x.h3Resolution}, last {a.v2x.windowDays} days, noised):{' '}
            {a.v2x.cells.length > 0 ? a.v2x.cells.map((c) => `${c.cell}: ${fmt.format(c.vehicles)} vehicles`).join('; ') : 'no cell above the threshold'}
            {a.v2x.suppressed > 0 ? `; ${a.v2x.suppressed} cells suppressed` : ''}.</p>
        </>
      )}
    </section>
  );
}

/** A dealer's own view: its customers, demand against its capacity, its leads, claims and funds. */
export function PortalPage() {
  const { me } = useSession();
  const dealerId = me!.nodeId;
  const canCustomers = me!.permissions.includes('customers.read');
  const vehicles = useApi<{ items: Vehicle[] }>(canCustomers ? '/api/v1/vehicles?limit=500' : '/api/v1/auth/me');
  const customers = usePortalCustomers(dealerId, canCustomers);
  const summary = useApi<Summary>(`/api/v1/dealers/${encodeURIComponent(dealerId)}/portal/summary`);
  const calendar = useApi<{ days: CalendarDay[] }>(`/api/v1/network/dealers/${encodeURIComponent(dealerId)}/calendar?days=14`);
  const leads = useApi<{ items: Lead[] }>(`/api/v1/dealers/${encodeURIComponent(dealerId)}/leads`);
  const canClaims = me!.permissions.includes('claims.read');
  const positions = useApi<{ items: Position[] }>(canClaims ? '/api/v1/funds/positions' : '/api/v1/auth/me');
  const overbooked = (calendar.data?.days ?? []).filter((d) => d.bookedHours > d.capacityHours).length;

  function downloadAdf() {
    const xml = (leads.data?.items ?? []).map((l) => l.adf).join('\n');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    a.download = `${dealerId}-leads.adf.xml`;
    a.click();
  }

  return (
    <>
      <section className="tiles" aria-label="Dealer totals">
        <div className="tile" data-testid="portal-customers"><div className="value">{fmt.format(summary.data?.customers ?? 0)}</div><div className="label">customers</div></div>
        <div className="tile"><div className="value">{fmt.format(vehicles.data && 'items' in vehicles.data ? vehicles.data.items.length : 0)}</div><div className="label">vehicles</div></div>
        <div className="tile" data-testid="portal-offers"><div className="value">{fmt.format(summary.data?.totals.offersMade ?? 0)}</div><div className="label">offers made</div></div>
        <div className="tile" data-testid="portal-redeemed"><div className="value">{fmt.format(summary.data?.totals.redeemed ?? 0)}</div><div className="label">redeemed</div></div>
        <div className="tile"><div className="value">{pct(summary.data?.totals.conversion ?? null)}</div><div className="label">conversion</div></div>
        <div className="tile" data-testid="portal-leads"><div className="value">{fmt.format(leads.data?.items.length ?? 0)}</div><div className="label">leads</div></div>
        <div className="tile"><div className="value">{overbooked}</div><div className="label">overbooked days (14)</div></div>
      </section>
      <h2>Service demand against capacity, next 14 days</h2>
      {calendar.error ? <p role="alert" className="error">{calendar.error}</p> : calendar.data ? <DemandChart days={calendar.data.days} /> : <p>Loading…</p>}
      <h2>Leads</h2>
      {leads.data && leads.data.items.length > 0 ? (
        <>
          <button onClick={downloadAdf}>Download leads as ADF</button>
          <table aria-label="Leads"><thead><tr><th>When</th><th>Offer</th><th>Status</th></tr></thead>
            <tbody>{leads.data.items.map((l) => <tr key={l.id}><td>{l.createdAt.slice(0, 16).replace('T', ' ')}</td><td>{l.offerId}</td><td>{l.status}</td></tr>)}</tbody></table>
        </>
      ) : <p className="muted">No leads yet.</p>}
      {canClaims && positions.data && 'items' in positions.data && (
        <>
          <h2>Fund positions</h2>
          <table aria-label="Fund positions"><thead><tr><th>Fund</th><th className="num">Budget</th><th className="num">Accrued</th><th className="num">Claimed</th><th className="num">Settled</th><th className="num">Remaining</th></tr></thead>
            <tbody>{positions.data.items.map((p) => <tr key={p.fundId}><td><code>{p.fundId}</code></td>{[p.budgetMinor, p.accruedMinor, p.claimedMinor, p.settledMinor, p.remainingMinor].map((m, i) => <td key={i} className="num">{fmt.format(m / 100)}</td>)}</tr>)}</tbody></table>
        </>
      )}
      {summary.error ? <p role="alert" className="error">{summary.error}</p> : summary.data && <NoisedAggregates summary={summary.data} />}
      {canCustomers && (
        <>
          <h2>Your customers: predicted needs and offers</h2>
          <p className="muted">Needs are scored from each vehicle’s telemetry features, only where the owner consented to marketing use of vehicle data.</p>
          {customers.error && <p role="alert" className="error">{customers.error}</p>}
          <table aria-label="Customers">
            <thead><tr><th>Customer</th><th>Vehicles and predicted needs</th><th>Offers and results</th></tr></thead>
            <tbody>
              {customers.items.map((c) => (
                <tr key={c.id} data-testid="portal-customer" data-owner={c.id}>
                  <td>{c.displayName}<br /><code className="muted">{c.id}</code><br /><span className="muted">{c.contact ?? '—'}</span></td>
                  <td>{c.vehicles.length === 0 ? '—' : c.vehicles.map((v) => (
                    <div key={v.vin} className="vehicle"><div>{v.modelName} · {v.softwareVersion} · {fmt.format(Math.round(v.odometerKm))} km</div><NeedBars needs={v.needs} /></div>
                  ))}</td>
                  <td>{c.offers.length === 0 ? <span className="muted">none</span> : (
                    <ul className="offers">{c.offers.map((o) => (
                      <li key={o.offerId} data-testid="offer-made">{o.offerName ?? o.offerId} · {o.firstAt.slice(0, 10)} · {o.channels.map((ch) => `${ch.channel} ${ch.status}`).join(', ')} → <strong>{o.result.replace(/_/g, ' ')}</strong></li>
                    ))}</ul>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
