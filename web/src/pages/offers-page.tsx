import { useApi } from '../api';

interface Offer {
  id: string; name: string; kind: string; markets: string[]; validFrom: string; validTo: string;
  terms: Record<string, string | number | boolean>; requires: { competency: string; hours: number }[]; requiresStock: string[];
}

export function OffersPage() {
  const { data, error } = useApi<{ items: Offer[] }>('/api/v1/offers');
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <table aria-label="Offers">
      <thead><tr><th>Offer</th><th>Kind</th><th>Markets</th><th>Valid</th><th>Terms</th><th>Needs at the dealer</th></tr></thead>
      <tbody>
        {data.items.map((o) => (
          <tr key={o.id}>
            <td>{o.name}<br /><code className="muted">{o.id}</code></td>
            <td>{o.kind.replace(/_/g, ' ')}</td>
            <td>{o.markets.join(', ')}</td>
            <td>{o.validFrom.slice(0, 10)} → {o.validTo.slice(0, 10)}</td>
            <td>{Object.entries(o.terms).map(([k, v]) => `${k}: ${v}`).join(', ')}</td>
            <td>{[...o.requires.map((r) => `${r.competency} ${r.hours} h`), ...o.requiresStock].join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
