import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './gate';

/** Append-only audit events; each carries the previous event's hash (a hash chain). */
export const AuditEvent = z.strictObject({
  seq: z.int().min(0),
  itemId: z.string().min(1),
  action: z.enum(['opened', 'apply_fix', 'edit', 'approve_with_justification', 'reject']),
  actor: z.string().min(1).max(200),
  at: z.iso.datetime(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  /** Action details: rule id, new text fingerprint, justification, reason, violations after. */
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string().regex(/^(?:[0-9a-f]{64}|0{64})$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the canonical JSON of the event without its own hash. */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  const { seq, itemId, action, actor, at, fromStatus, toStatus, detail, prevHash } = event;
  return createHash('sha256').update(canonicalJson({ seq, itemId, action, actor, at, fromStatus, toStatus, detail, prevHash })).digest('hex');
}

export function appendAuditEvent(chain: readonly AuditEvent[], event: Omit<AuditEvent, 'hash' | 'prevHash' | 'seq'>): AuditEvent {
  const prev = chain[chain.length - 1];
  const body = { ...event, seq: chain.length, prevHash: prev ? prev.hash : GENESIS_HASH };
  return { ...body, hash: hashAuditEvent(body) };
}

/** Verifies sequence numbers, links and hashes; reports the first broken event. */
export function verifyAuditChain(chain: readonly AuditEvent[]): { valid: boolean; brokenAt: number | null } {
  let prev = GENESIS_HASH;
  for (let k = 0; k < chain.length; k++) {
    const e = chain[k];
    if (!e || e.seq !== k || e.prevHash !== prev || hashAuditEvent(e) !== e.hash) return { valid: false, brokenAt: k };
    prev = e.hash;
  }
  return { valid: true, brokenAt: null };
}
