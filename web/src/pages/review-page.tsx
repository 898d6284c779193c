import type React from 'react';
import { useState } from 'react';
import { useApi } from '../api';

interface Evidence { start: number; end: number; text: string }
interface Violation { ruleId: string; severity: string; evidence: Evidence[]; missing: string[]; explanation: string; suggestedFix: string }
interface Review {
  id: string; status: string; ownerNodeId: string; originalText: string; createdAt: string;
  input: { market: string; channel: string; text: string; vehicle: { model: string } };
  verdict: { compliant: boolean; violations: Violation[] };
}

/** The message with each piece of evidence marked, so the reviewer sees exactly which words break which rule. */
function Highlighted({ text, violations }: { text: string; violations: Violation[] }) {
  const spans = violations.flatMap((v) => v.evidence.map((e) => ({ ...e, ruleId: v.ruleId }))).filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
  const parts: React.JSX.Element[] = [];
  let at = 0;
  for (const [i, s] of spans.entries()) {
    if (s.start < at) continue;
    if (s.start > at) parts.push(<span key={`t${i}`}>{text.slice(at, s.start)}</span>);
    parts.push(<mark key={`m${i}`} title={s.ruleId}>{text.slice(s.start, s.end)}</mark>);
    at = s.end;
  }
  parts.push(<span key="rest">{text.slice(at)}</span>);
  return <p className="message" data-testid="message">{parts}</p>;
}

function ReviewCard({ review }: { review: Review }) {
  const [text, setText] = useState(review.input.text);
  const [justification, setJustification] = useState('');
  const [result, setResult] = useState<string | undefined>();
  async function act(action: Record<string, unknown>) {
    const res = await fetch(`/api/v1/compliance/reviews/${review.id}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(action) });
    const body = await res.json();
    setResult(res.ok ? `Now ${body.status.replace(/_/g, ' ')}${body.status === 'pending' ? `: still ${body.verdict.violations.map((v: Violation) => v.ruleId).join(', ')}` : ''}.` : body.message);
  }
  return (
    <article className="review" aria-label={`Review ${review.id}`}>
      <p className="muted">{review.input.market} · {review.input.channel} · {review.input.vehicle.model} · from {review.ownerNodeId} · {review.createdAt.slice(0, 16).replace('T', ' ')}</p>
      <Highlighted text={review.input.text} violations={review.verdict.violations} />
      <table aria-label="Violations">
        <thead><tr><th>Rule</th><th>Severity</th><th>Why</th><th>Missing</th><th>Suggested fix</th><th /></tr></thead>
        <tbody>
          {review.verdict.violations.map((v) => (
            <tr key={v.ruleId}>
              <td><code>{v.ruleId}</code></td><td>{v.severity}</td><td>{v.explanation}</td><td>{v.missing.join(', ') || '—'}</td><td>{v.suggestedFix}</td>
              <td><button onClick={() => void act({ type: 'apply_fix', ruleId: v.ruleId })}>Apply fix</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="block">Edit the text (it is checked again)
        <textarea aria-label="Message text" value={text} onChange={(e) => setText(e.target.value)} rows={3} />
      </label>
      <p>
        <button onClick={() => void act({ type: 'edit', text })}>Save and re-check</button>{' '}
        <input aria-label="Justification" placeholder="Justification (at least 20 characters)" value={justification} onChange={(e) => setJustification(e.target.value)} size={50} />{' '}
        <button onClick={() => void act({ type: 'approve_with_justification', justification })}>Approve with justification</button>{' '}
        <button className="danger" onClick={() => void act({ type: 'reject', reason: justification || 'rejected by reviewer' })}>Reject</button>
      </p>
      {result && <p role="status">{result}</p>}
    </article>
  );
}

export function ReviewPage() {
  // Polls, so closed items leave the queue and new blocks appear without a reload.
  const { data, error } = useApi<{ items: Review[] }>('/api/v1/compliance/reviews?status=pending', 5000);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  if (data.items.length === 0) return <p data-testid="queue-empty">No messages are waiting for review.</p>;
  return (
    <>
      <p className="muted" data-testid="queue-count">{data.items.length} message{data.items.length === 1 ? '' : 's'} blocked and waiting for review.</p>
      {data.items.map((r) => <ReviewCard key={r.id} review={r} />)}
    </>
  );
}
