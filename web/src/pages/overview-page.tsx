import { fmt, useApi } from '../api';

interface Overview {
  totals: { markets: number; dealers: number; vehicles: number; owners: number; offers: number; campaigns: number };
  markets: { market: string; name: string; currency: string; dealers: number; vehicles: number; owners: number }[];
  counters: Record<string, number>;
  database: string;
  generatedAt: string;
}

export function OverviewPage() {
  const { data, error, loading } = useApi<Overview>('/api/v1/overview', 3000);
  if (error) return <p role="alert" className="error">Could not load the overview: {error}</p>;
  if (loading || !data) return <p>Loading…</p>;
  const maxVehicles = Math.max(1, ...data.markets.map((m) => m.vehicles));
  return (
    <>
      <section className="tiles" aria-label="Totals">
        {(['markets', 'dealers', 'vehicles', 'owners', 'offers', 'campaigns'] as const).map((k) => (
          <div className="tile" key={k} data-testid={`total-${k}`}>
            <div className="value">{fmt.format(data.totals[k])}</div>
            <div className="label">{k}</div>
          </div>
        ))}
      </section>
      <section>
        <h2>Markets</h2>
        <table aria-label="Markets">
          <thead><tr><th>Market</th><th>Name</th><th>Currency</th><th className="num">Dealers</th><th className="num">Vehicles</th><th className="num">Owners</th><th>Fleet share</th></tr></thead>
          <tbody>
            {data.markets.map((m) => (
              <tr key={m.market}>
                <td><code>{m.market}</code></td><td>{m.name}</td><td>{m.currency}</td>
                <td className="num">{fmt.format(m.dealers)}</td><td className="num">{fmt.format(m.vehicles)}</td><td className="num">{fmt.format(m.owners)}</td>
                <td><div className="bar" style={{ width: `${(100 * m.vehicles) / maxVehicles}%` }} aria-hidden /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>Live counters</h2>
        {Object.keys(data.counters).length === 0 ? (
          <p className="muted" data-testid="counters-empty">No activity yet: counters appear as telemetry, checks and deliveries happen.</p>
        ) : (
          <table aria-label="Live counters"><tbody>
            {Object.entries(data.counters).map(([k, v]) => <tr key={k}><td><code>{k}</code></td><td className="num">{fmt.format(v)}</td></tr>)}
          </tbody></table>
        )}
        <p className="muted">Database: {data.database} · updated {new Date(data.generatedAt).toLocaleTimeString()}</p>
      </section>
    </>
  );
}
