import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { fmt } from '../api';
import { useSession } from '../session';

interface Position {
  fundId: string; fund: { programId: string; tierNodeId: string; currency: string };
  budgetMinor: number; accruedMinor: number; claimedMinor: number; settledMinor: number; outstandingMinor: number; rejectedClaims: number; remainingMinor: number;
}
interface Reason { code: string; passed: boolean; detail: string }
interface Claim { id: string; fundId: string; offerId: string; dealerId: string; vin: string; redeemedAt: string; amountMinor: number; submittedAt: string; status: string; reasons: Reason[] }
interface Decision { claimId: string; status: string; reasons: Reason[] }

const money = (minor: number): string => fmt.format(minor / 100);

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) throw new Error(`${body.code}: ${body.message}`);
  return body as T;
}

/** A dealer submits a claim and sees the decision with a reason per check. */
function ClaimForm({ dealerId, funds, onDecided }: { dealerId: string; funds: Position[]; onDecided: () => void }) {
  const [form, setForm] = useState({ fundId: funds[0]?.fundId ?? '', offerId: '', vin: '', redeemedOn: '', amount: '' });
  const [decision, setDecision] = useState<Decision | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const body = {
      id: `clm-${Date.now().toString(36)}`, fundId: form.fundId, offerId: form.offerId.trim(), dealerId, vin: form.vin.trim().toUpperCase(),
      redeemedAt: new Date(`${form.redeemedOn}T12:00:00Z`).toISOString(), amountMinor: Math.round(Number(form.amount) * 100),
    };
    const res = await fetch('/api/v1/claims', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) { setDecision(undefined); setError(`${json.code}: ${json.message}`); return; }
    setDecision(json as Decision);
    onDecided();
  };
  return (
    <section aria-label="Submit a claim">
      <h2>Submit a claim</h2>
      <form className="inline" aria-label="Submit a claim" onSubmit={(e) => void submit(e)}>
        <label>Fund<select value={form.fundId} onChange={set('fundId')}>{funds.map((f) => <option key={f.fundId} value={f.fundId}>{f.fundId}</option>)}</select></label>
        <label>Offer<input value={form.offerId} onChange={set('offerId')} required placeholder="off-…" /></label>
        <label>VIN<input value={form.vin} onChange={set('vin')} required minLength={17} maxLength={17} /></label>
        <label>Redeemed on<input type="date" value={form.redeemedOn} onChange={set('redeemedOn')} required /></label>
        <label>Amount<input type="number" min="0.01" step="0.01" value={form.amount} onChange={set('amount')} required /></label>
        <button type="submit">Submit</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {decision && (
        <div data-testid="decision">
          <p><strong className="status">{decision.status}</strong> <code>{decision.claimId}</code></p>
          <ul>{decision.reasons.map((r) => <li key={r.code} className={r.passed ? undefined : 'error'}>{r.passed ? '✓' : '✗'} {r.code}: {r.detail}</li>)}</ul>
        </div>
      )}
    </section>
  );
}

/** Trade-fund positions and dealer claims, with the reasons each claim was settled or rejected. */
export function ClaimsPage() {
  const { me } = useSession();
  const [funds, setFunds] = useState<Position[] | undefined>(undefined);
  const [claims, setClaims] = useState<Claim[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const load = useCallback(async () => {
    try {
      const [f, c] = await Promise.all([getJson<{ items: Position[] }>('/api/v1/funds/positions'), getJson<{ items: Claim[] }>('/api/v1/claims')]);
      setFunds(f.items);
      setClaims(c.items);
    } catch (err) {
      setError(String((err as Error).message));
    }
  }, []);
  useEffect(() => { void load(); }, [load]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!funds || !claims) return <p>Loading…</p>;
  return (
    <>
      <table aria-label="Fund positions">
        <thead><tr><th>Fund</th><th>Program</th><th>Tier</th><th className="num">Budget</th><th className="num">Accrued</th><th className="num">Claimed</th><th className="num">Settled</th><th className="num">Remaining</th><th className="num">Rejected claims</th></tr></thead>
        <tbody>
          {funds.map((p) => (
            <tr key={p.fundId} data-testid={`fund-${p.fundId}`}>
              <td><code>{p.fundId}</code></td><td>{p.fund.programId}</td><td>{p.fund.tierNodeId}</td>
              <td className="num">{money(p.budgetMinor)} {p.fund.currency}</td><td className="num">{money(p.accruedMinor)}</td><td className="num">{money(p.claimedMinor)}</td>
              <td className="num">{money(p.settledMinor)}</td><td className="num remaining">{money(p.remainingMinor)}</td><td className="num">{p.rejectedClaims}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {me?.permissions.includes('claims.write') && funds.length > 0 && <ClaimForm dealerId={me.nodeId} funds={funds} onDecided={() => void load()} />}
      <h2>Claims</h2>
      {claims.length === 0 ? <p className="muted">No claims yet.</p> : (
        <table aria-label="Claims">
          <thead><tr><th>Claim</th><th>Dealer</th><th>Offer</th><th>VIN</th><th>Redeemed</th><th className="num">Amount</th><th>Status</th><th>Failed checks</th></tr></thead>
          <tbody>
            {claims.map((c) => (
              <tr key={c.id} data-testid={`claim-${c.id}`}>
                <td><code>{c.id}</code></td><td>{c.dealerId}</td><td>{c.offerId}</td><td><code>{c.vin}</code></td><td>{c.redeemedAt.slice(0, 10)}</td>
                <td className="num">{money(c.amountMinor)}</td><td className="status">{c.status}</td>
                <td>{c.reasons.filter((r) => !r.passed).map((r) => `${r.code}: ${r.detail}`).join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
