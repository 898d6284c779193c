import { useState, type FormEvent } from 'react';
import { fmt, useApi } from '../api';
import { useSession } from '../session';

interface Offer {
  id: string; name: string; kind: string; markets: string[]; validFrom: string; validTo: string;
  terms: Record<string, string | number | boolean>; requires: { competency: string; hours: number }[]; requiresStock: string[];
  ownerNodeId: string; fundId: string | null; costMinor: number; content: { channel: string; language: string; headline: string }[];
  exclusivityGroup: string | null; stackable: boolean; priority: number; perCustomerLimit: number | null; globalLimit: number | null;
  rules: { code: string; params: unknown }[];
}

interface Reason { code: string; passed: boolean; detail: string }
interface Eligibility { vin: string; at: string; items: { offerId: string; name: string; eligible: boolean; reasons: Reason[] }[] }

const money = (minor: number): string => fmt.format(minor / 100);

function ruleText(rule: { code: string; params: unknown }): string {
  const params = rule.params && typeof rule.params === 'object' ? Object.entries(rule.params as Record<string, unknown>) : [];
  return params.length === 0 ? rule.code : `${rule.code} (${params.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join('/') : String(v)}`).join(', ')})`;
}

/** "Check eligibility of a vehicle": every visible offer with a reason per condition. */
function EligibilityCheck() {
  const [vin, setVin] = useState('');
  const [at, setAt] = useState('');
  const [result, setResult] = useState<Eligibility | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { vin: vin.trim().toUpperCase(), ...(at ? { at: new Date(`${at}T12:00:00Z`).toISOString() } : {}) };
      const res = await fetch('/api/v1/catalog/eligibility', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await res.json();
      if (!res.ok) { setResult(undefined); setError(`${json.code}: ${json.message}`); } else setResult(json as Eligibility);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label="Check eligibility">
      <h2>Check eligibility of a vehicle</h2>
      <form className="inline" aria-label="Check eligibility" onSubmit={(e) => void submit(e)}>
        <label>VIN<input value={vin} onChange={(e) => setVin(e.target.value)} required minLength={17} maxLength={17} placeholder="17 characters" /></label>
        <label>As of (optional)<input type="date" value={at} onChange={(e) => setAt(e.target.value)} /></label>
        <button type="submit" disabled={busy}>Check</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {result && (
        <table aria-label="Eligibility">
          <caption className="muted">{result.vin} as of {result.at.slice(0, 10)}: eligible for {result.items.filter((i) => i.eligible).length} of {result.items.length} offers</caption>
          <thead><tr><th>Offer</th><th>Decision</th><th>Reasons</th></tr></thead>
          <tbody>
            {result.items.map((i) => (
              <tr key={i.offerId} data-testid={`eligibility-${i.offerId}`}>
                <td>{i.name}<br /><code className="muted">{i.offerId}</code></td>
                <td className="decision">{i.eligible ? 'eligible' : 'not eligible'}</td>
                <td><ul>{i.reasons.map((r, n) => <li key={n} className={r.passed ? undefined : 'error'}>{r.passed ? '✓' : '✗'} {r.code}: {r.detail}</li>)}</ul></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function OffersPage() {
  const { me } = useSession();
  const { data, error } = useApi<{ items: Offer[] }>('/api/v1/catalog/offers');
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <>
      <table aria-label="Offers">
        <thead><tr><th>Offer</th><th>Kind</th><th>Markets</th><th>Valid</th><th>Terms</th><th>Funding</th><th>Arbitration</th><th>Eligibility rules</th><th>Needs at the dealer</th><th>Content</th></tr></thead>
        <tbody>
          {data.items.map((o) => (
            <tr key={o.id} data-testid={`offer-${o.id}`}>
              <td>{o.name}<br /><code className="muted">{o.id}</code><br /><span className="muted">by {o.ownerNodeId}</span></td>
              <td>{o.kind.replace(/_/g, ' ')}</td>
              <td>{o.markets.join(', ')}</td>
              <td>{o.validFrom.slice(0, 10)} → {o.validTo.slice(0, 10)}</td>
              <td>{Object.entries(o.terms).map(([k, v]) => `${k}: ${v}`).join(', ')}</td>
              <td>{o.fundId ? <>{o.fundId}<br /><span className="muted">{money(o.costMinor)} per redemption</span></> : '—'}</td>
              <td className="muted">
                priority {o.priority}{o.exclusivityGroup ? `, group ${o.exclusivityGroup}` : ''}{o.stackable ? ', stackable' : ''}
                {o.perCustomerLimit !== null ? `, ${o.perCustomerLimit}× per customer` : ''}{o.globalLimit !== null ? `, ${o.globalLimit}× in total` : ''}
              </td>
              <td>{o.rules.length === 0 ? '—' : <ul data-testid="rules">{o.rules.map((r, i) => <li key={i}>{ruleText(r)}</li>)}</ul>}</td>
              <td>{[...o.requires.map((r) => `${r.competency} ${r.hours} h`), ...o.requiresStock].join(', ') || '—'}</td>
              <td className="muted">{o.content.map((c) => `${c.channel}/${c.language}`).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {me?.permissions.includes('customers.read') && <EligibilityCheck />}
    </>
  );
}
