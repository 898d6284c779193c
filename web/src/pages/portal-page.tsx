import { fmt, useApi } from '../api';
import { useSession } from '../session';

interface Owner { id: string; displayName: string; email: string | null; phone: string | null }
interface Vehicle { vin: string; modelId: string; softwareVersion: string; odometerKm: number; ownerId: string | null }
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

/** A dealer's own view: its customers, demand against its capacity, its leads, claims and funds. */
export function PortalPage() {
  const { me } = useSession();
  const dealerId = me!.nodeId;
  const owners = useApi<{ items: Owner[] }>('/api/v1/owners?limit=500');
  const vehicles = useApi<{ items: Vehicle[] }>('/api/v1/vehicles?limit=500');
  const calendar = useApi<{ days: CalendarDay[] }>(`/api/v1/network/dealers/${encodeURIComponent(dealerId)}/calendar?days=14`);
  const leads = useApi<{ items: Lead[] }>(`/api/v1/dealers/${encodeURIComponent(dealerId)}/leads`);
  const canClaims = me!.permissions.includes('claims.read');
  const positions = useApi<{ items: Position[] }>(canClaims ? '/api/v1/funds/positions' : '/api/v1/auth/me');
  const byOwner = new Map<string, Vehicle[]>();
  for (const v of vehicles.data?.items ?? []) if (v.ownerId) byOwner.set(v.ownerId, [...(byOwner.get(v.ownerId) ?? []), v]);
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
        <div className="tile" data-testid="portal-customers"><div className="value">{fmt.format(owners.data?.items.length ?? 0)}</div><div className="label">customers</div></div>
        <div className="tile"><div className="value">{fmt.format(vehicles.data?.items.length ?? 0)}</div><div className="label">vehicles</div></div>
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
      <h2>Your customers</h2>
      <table aria-label="Customers">
        <thead><tr><th>Customer</th><th>Contact</th><th>Vehicles</th></tr></thead>
        <tbody>
          {(owners.data?.items ?? []).map((o) => (
            <tr key={o.id}><td>{o.displayName}<br /><code className="muted">{o.id}</code></td><td>{o.email ?? o.phone ?? '—'}</td>
              <td>{(byOwner.get(o.id) ?? []).map((v) => `${v.modelId} · ${v.softwareVersion} · ${fmt.format(Math.round(v.odometerKm))} km`).join('; ') || '—'}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
