import { fmt, useApi } from '../api';

interface Dealer {
  id: string; code: string; name: string; lat: number; lon: number; market: string | null;
  serviceBaysPerDay: number; competitionIndex: number;
  technicians: { competency: string; technicians: number; hoursPerDay: number }[];
}

/** Dealers placed by their coordinates on a simple projection, sized by service bays. */
export function NetworkPage() {
  const { data, error } = useApi<{ items: Dealer[] }>('/api/v1/dealers');
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  const dealers = data.items;
  const lats = dealers.map((d) => d.lat), lons = dealers.map((d) => d.lon);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const x = (lon: number) => 20 + ((lon - minLon) / Math.max(1e-6, maxLon - minLon)) * 860;
  const y = (lat: number) => 20 + ((maxLat - lat) / Math.max(1e-6, maxLat - minLat)) * 360;
  return (
    <>
      <svg viewBox="0 0 900 400" className="map" role="img" aria-label={`Map of ${dealers.length} dealers`}>
        {dealers.map((d) => (
          <circle key={d.id} cx={x(d.lon)} cy={y(d.lat)} r={3 + Math.sqrt(d.serviceBaysPerDay)} className="dealer-dot">
            <title>{`${d.name} (${d.code}) · ${d.serviceBaysPerDay} bays/day`}</title>
          </circle>
        ))}
      </svg>
      <table aria-label="Dealers">
        <thead><tr><th>Code</th><th>Dealer</th><th>Market</th><th className="num">Bays/day</th><th>Certified technicians</th><th className="num">Competition</th></tr></thead>
        <tbody>
          {dealers.map((d) => (
            <tr key={d.id}>
              <td><code>{d.code}</code></td><td>{d.name}</td><td>{d.market}</td><td className="num">{fmt.format(d.serviceBaysPerDay)}</td>
              <td>{d.technicians.filter((t) => t.technicians > 0).map((t) => `${t.competency} ×${t.technicians}`).join(', ')}</td>
              <td className="num">{d.competitionIndex.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
