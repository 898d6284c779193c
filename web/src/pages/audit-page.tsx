import { useApi } from '../api';

interface AuditEntry { seq: number; at: string; actor: string; action: string; target: string; hash: string }

/** The append-only audit log, newest first, with the hash chain's state. */
export function AuditPage() {
  const { data, error } = useApi<{ chainIntact: boolean; entries: AuditEntry[] }>('/api/v1/audit?limit=200', 10_000);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <>
      <p data-testid="chain" className={data.chainIntact ? '' : 'error'}>
        Hash chain {data.chainIntact ? 'intact' : 'BROKEN: the log was altered'} · {data.entries.length} latest entries
      </p>
      <table aria-label="Audit log">
        <thead><tr><th className="num">#</th><th>When</th><th>Actor</th><th>Action</th><th>Target</th><th>Hash</th></tr></thead>
        <tbody>
          {[...data.entries].reverse().map((e) => (
            <tr key={e.seq}><td className="num">{e.seq}</td><td>{e.at.replace('T', ' ').slice(0, 19)}</td><td><code>{e.actor}</code></td><td>{e.action}</td><td><code>{e.target}</code></td><td><code>{e.hash.slice(0, 12)}…</code></td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
