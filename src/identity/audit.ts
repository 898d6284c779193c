import { createHash } from 'node:crypto';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const genesisHash = '0'.repeat(64);

/** Canonical JSON: keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(e: Omit<AuditEntry, 'seq' | 'hash'>): string {
  return createHash('sha256').update(canonicalJson({ at: e.at, actor: e.actor, action: e.action, target: e.target, details: e.details, prevHash: e.prevHash })).digest('hex');
}

/** Checks the whole chain; returns the first broken entry, if any. */
export function verifyAuditChain(entries: readonly AuditEntry[]): { ok: true } | { ok: false; seq: number; reason: 'hash' | 'link' } {
  let prev = genesisHash;
  for (const e of entries) {
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, reason: 'link' };
    if (auditHash(e) !== e.hash) return { ok: false, seq: e.seq, reason: 'hash' };
    prev = e.hash;
  }
  return { ok: true };
}
