import { fmt, useApi } from '../api';

interface Dealer {
  id: string; code: string; name: string; lat: number; lon: number; market: string | null;
  serviceBaysPerDay: number; competitionIndex: number;
  technicians: { competency: string; technicians: number; hoursPerDay: number }[];
}

interface Utilisation {
  dealerId: string; capacityHours: number; bookedHours: number; ratio: number; saturatedDays: number;
}

const days = 14;

/** Green under 60 %, amber to 85 %, red above: how full the workshop is. */
export function utilisationColour(ratio: number): string {
  if (ratio >= 0.85) return '#c0392b';
  if (ratio >= 0.6) return '#e67e22';
  return '#27ae60';
}

const pct = (ratio: number): string => `${(ratio * 100).toFixed(0)} %`;

/**
 * Dealers placed by their coordinates on a simple projection: colour is capacity utilisation
 * (booked over available technician hours in the next two weeks), size is technician capacity.
 */
export function NetworkPage() {
  const dealers = useApi<{ items: Dealer[] }>('/api/v1/dealers');
  const usage = useApi<{ from: string; days: number; items: Utilisation[] }>(`/api/v1/network/utilisation?days=${days}`);
  const error = dealers.error ?? usage.error;
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!dealers.data || !usage.data) return <p>Loading…</p>;
  const list = dealers.data.items;
  const byId = new Map(usage.data.items.map((u) => [u.dealerId, u] as const));
  const maxCapacity = Math.max(1, ...usage.data.items.map((u) => u.capacityHours));
  const lats = list.map((d) => d.lat), lons = list.map((d) => d.lon);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const x = (lon: number) => 20 + ((lon - minLon) / Math.max(1e-6, maxLon - minLon)) * 860;
  const y = (lat: number) => 20 + ((maxLat - lat) / Math.max(1e-6, maxLat - minLat)) * 360;
  return (
    <>
      <p className="muted">Capacity utilisation from {usage.data.from} for {usage.data.days} days: booked over available technician hours.
        {' '}<span style={{ color: utilisationColour(0) }}>●</span> under 60 % <span style={{ color: utilisationColour(0.7) }}>●</span> 60–85 % <span style={{ color: utilisationColour(0.9) }}>●</span> over 85 %; size shows capacity.</p>
      <svg viewBox="0 0 900 400" className="map" role="img" aria-label={`Map of ${list.length} dealers`}>
        {list.map((d) => {
          const u = byId.get(d.id);
          const ratio = u?.ratio ?? 0;
          return (
            <circle key={d.id} cx={x(d.lon)} cy={y(d.lat)} r={4 + 12 * Math.sqrt((u?.capacityHours ?? 0) / maxCapacity)} className="dealer-dot"
                    style={{ fill: utilisationColour(ratio) }} data-dealer={d.id} data-utilisation={ratio.toFixed(3)}>
              <title>{`${d.name} (${d.code}) · ${pct(ratio)} booked · ${fmt.format(u?.bookedHours ?? 0)} of ${fmt.format(u?.capacityHours ?? 0)} h`}</title>
            </circle>
          );
        })}
      </svg>
      <table aria-label="Dealers">
        <thead><tr><th>Code</th><th>Dealer</th><th>Market</th><th className="num">Bays/day</th><th>Certified technicians</th><th className="num">Competition</th><th>Utilisation ({days} days)</th><th className="num">Saturated days</th></tr></thead>
        <tbody>
          {list.map((d) => {
            const u = byId.get(d.id);
            return (
              <tr key={d.id} data-testid={`dealer-${d.id}`}>
                <td><code>{d.code}</code></td><td>{d.name}</td><td>{d.market}</td><td className="num">{fmt.format(d.serviceBaysPerDay)}</td>
                <td>{d.technicians.filter((t) => t.technicians > 0).map((t) => `${t.competency} ×${t.technicians}`).join(', ')}</td>
                <td className="num">{d.competitionIndex.toFixed(2)}</td>
                <td data-testid="utilisation">
                  <div className="bar" style={{ width: `${Math.min(100, (u?.ratio ?? 0) * 100)}%`, background: utilisationColour(u?.ratio ?? 0) }} />
                  <span className="value">{pct(u?.ratio ?? 0)}</span> <span className="muted">{fmt.format(u?.bookedHours ?? 0)} / {fmt.format(u?.capacityHours ?? 0)} h</span>
                </td>
                <td className="num">{u?.saturatedDays ?? 0}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
