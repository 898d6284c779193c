import { useState } from 'react';

interface ConsentChange { purpose: string; channel: string; granted: boolean; actor: string; source: string; at: string }
interface Owner { id: string; displayName: string; email: string | null; phone: string | null; market: string; homeDealerId: string | null }

/** Support and data-protection work: look a person up, see and change consent, export or erase. */
export function ConsentPage() {
  const [ownerId, setOwnerId] = useState('');
  const [owner, setOwner] = useState<Owner | undefined>();
  const [state, setState] = useState<Record<string, boolean>>({});
  const [history, setHistory] = useState<ConsentChange[]>([]);
  const [message, setMessage] = useState<string | undefined>();

  async function load(id: string) {
    setMessage(undefined);
    const o = await fetch(`/api/v1/owners/${encodeURIComponent(id)}`);
    if (!o.ok) { setOwner(undefined); setMessage((await o.json()).code === 'NOT_FOUND' ? 'No such customer.' : 'Could not load.'); return; }
    setOwner(await o.json());
    const c = await (await fetch(`/api/v1/owners/${encodeURIComponent(id)}/consents`)).json();
    setState(c.state);
    setHistory(c.history);
  }

  async function change(purpose: string, channel: string, granted: boolean) {
    const res = await fetch(`/api/v1/owners/${encodeURIComponent(owner!.id)}/consents`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ purpose, channel, granted, source: 'support', actor: 'dashboard' }),
    });
    const outcome = res.ok ? `Recorded: ${purpose} on ${channel} ${granted ? 'given' : 'withdrawn'}.` : `Refused: ${(await res.json()).message}`;
    await load(owner!.id);
    setMessage(outcome);
  }

  async function exportData() {
    const res = await fetch(`/api/v1/subjects/${encodeURIComponent(owner!.id)}/export`);
    const blob = new Blob([JSON.stringify(await res.json(), null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${owner!.id}-export.json`;
    a.click();
    setMessage('Export prepared.');
  }

  async function erase() {
    if (!window.confirm(`Erase ${owner!.displayName} everywhere? This cannot be undone.`)) return;
    const res = await fetch(`/api/v1/subjects/${encodeURIComponent(owner!.id)}/erase`, { method: 'POST' });
    const body = await res.json();
    setMessage(res.ok ? `Erased. Audit pseudonym ${body.pseudonym}; leftovers found: ${body.leftovers}.` : `Refused: ${body.message}`);
    setOwner(undefined);
  }

  const purposes = ['telematics_marketing', 'profiling', 'marketing_contact'];
  return (
    <>
      <form className="inline" aria-label="Find customer" onSubmit={(e) => { e.preventDefault(); void load(ownerId.trim()); }}>
        <label>Customer id <input value={ownerId} onChange={(e) => setOwnerId(e.target.value)} placeholder="own-…" required /></label>
        <button type="submit">Look up</button>
      </form>
      {message && <p role="status">{message}</p>}
      {owner && (
        <section aria-label="Customer">
          <h2>{owner.displayName}</h2>
          <p className="muted">{owner.id} · {owner.market} · {owner.email ?? 'no e-mail'} · {owner.phone ?? 'no phone'} · home dealer {owner.homeDealerId ?? '—'}</p>
          <table aria-label="Consent">
            <thead><tr><th>Purpose</th><th>Channel</th><th>State</th><th /></tr></thead>
            <tbody>
              {purposes.flatMap((p) => {
                const keys = Object.keys(state).filter((k) => k.startsWith(`${p}:`));
                const rows = keys.length > 0 ? keys : [`${p}:any`];
                return rows.map((k) => {
                  const channel = k.split(':')[1]!;
                  const granted = state[k] === true;
                  return (
                    <tr key={k}>
                      <td>{p.replace(/_/g, ' ')}</td><td>{channel}</td><td>{granted ? 'given' : 'not given'}</td>
                      <td><button onClick={() => void change(p, channel, !granted)}>{granted ? 'Withdraw' : 'Record consent'}</button></td>
                    </tr>
                  );
                });
              })}
            </tbody>
          </table>
          <h2>History</h2>
          <table aria-label="Consent history">
            <thead><tr><th>When</th><th>Purpose</th><th>Channel</th><th>Given</th><th>Who</th><th>How</th></tr></thead>
            <tbody>{history.map((h, i) => <tr key={i}><td>{h.at.replace('T', ' ').slice(0, 19)}</td><td>{h.purpose}</td><td>{h.channel}</td><td>{h.granted ? 'yes' : 'no'}</td><td>{h.actor}</td><td>{h.source}</td></tr>)}</tbody>
          </table>
          <p>
            <button onClick={() => void exportData()}>Export all data</button>{' '}
            <button className="danger" onClick={() => void erase()}>Erase this person</button>
          </p>
        </section>
      )}
    </>
  );
}
