import { randomUUID } from 'node:crypto';
import { iso, type Db } from '../store';
import { auditHash, genesisHash, type AuditEntry } from './audit';
import type { Principal } from './principal';
import { Role, roleFitsNode } from './roles';
import { canonicalEmail, hashPassword, newToken, sha256, verifyPassword } from './secrets';
import { ForecourtError } from '../kernel';

export const sessionTtlMs = 8 * 3600_000;

export function identityStore(db: Db) {
  async function node(nodeId: string): Promise<{ path: string; kind: string } | undefined> {
    const { rows } = await db.query<{ path: string; kind: string }>('SELECT path, kind FROM tenant_nodes WHERE id = $1', [nodeId]);
    return rows[0];
  }

  async function principalFor(kind: Principal['kind'], actorId: string, nodeId: string, role: string): Promise<Principal | undefined> {
    const n = await node(nodeId);
    const parsed = Role.safeParse(role);
    if (!n || !parsed.success) return undefined;
    return { actorId, kind, nodeId, nodePath: n.path, role: parsed.data };
  }

  const store = {
    async createUser(input: { email: string; displayName: string; password?: string; memberships: { nodeId: string; role: Role }[] }): Promise<{ id: string }> {
      const id = `usr-${randomUUID()}`;
      for (const m of input.memberships) {
        const n = await node(m.nodeId);
        if (!n) throw new ForecourtError('VALIDATION_FAILED', `node ${m.nodeId} does not exist`);
        if (!roleFitsNode(m.role, n.kind as never)) throw new ForecourtError('VALIDATION_FAILED', `role ${m.role} cannot be held at a ${n.kind}`);
      }
      await db.transaction(async (tx) => {
        const email = canonicalEmail(input.email);
        const exists = await tx.query('SELECT 1 FROM users WHERE email = $1', [email]);
        if (exists.rows.length > 0) throw new ForecourtError('CONFLICT', 'a user with this e-mail exists');
        await tx.query('INSERT INTO users (id, email, display_name, password_hash) VALUES ($1, $2, $3, $4)', [id, email, input.displayName, input.password ? hashPassword(input.password) : null]);
        for (const m of input.memberships) await tx.query('INSERT INTO memberships (user_id, node_id, role) VALUES ($1, $2, $3)', [id, m.nodeId, m.role]);
      });
      return { id };
    },

    async deactivateUser(userId: string): Promise<void> {
      await db.query('UPDATE users SET active = false WHERE id = $1', [userId]);
      await db.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    },

    /** Password login → a session bound to one of the user's memberships. */
    async login(email: string, password: string, now: Date, nodeId?: string): Promise<{ token: string; principal: Principal } | undefined> {
      const { rows } = await db.query<{ id: string; password_hash: string | null; active: boolean }>('SELECT id, password_hash, active FROM users WHERE email = $1', [canonicalEmail(email)]);
      const user = rows[0];
      const ok = verifyPassword(password, user?.password_hash ?? null);
      if (!user || !ok || !user.active) return undefined;
      const ms = await db.query<{ node_id: string; role: string }>('SELECT node_id, role FROM memberships WHERE user_id = $1 ORDER BY node_id, role', [user.id]);
      const m = nodeId ? ms.rows.find((r) => r.node_id === nodeId) : ms.rows[0];
      if (!m) return undefined;
      const principal = await principalFor('user', user.id, m.node_id, m.role);
      if (!principal) return undefined;
      const token = newToken('fcs');
      await db.query('INSERT INTO sessions (token_hash, user_id, node_id, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [sha256(token), user.id, m.node_id, m.role, now.toISOString(), new Date(now.getTime() + sessionTtlMs).toISOString()]);
      return { token, principal };
    },

    /**
     * A session is valid while unexpired, unrevoked, the user active and the
     * membership still held: membership is re-checked on every request (AZ-13).
     */
    async principalFromSession(token: string, now: Date): Promise<Principal | undefined> {
      const { rows } = await db.query<{ user_id: string; node_id: string; role: string }>(
        `SELECT s.user_id, s.node_id, s.role FROM sessions s
           JOIN users u ON u.id = s.user_id AND u.active
           JOIN memberships m ON m.user_id = s.user_id AND m.node_id = s.node_id AND m.role = s.role
          WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2`,
        [sha256(token), now.toISOString()],
      );
      const r = rows[0];
      return r ? principalFor('user', r.user_id, r.node_id, r.role) : undefined;
    },

    async logout(token: string): Promise<void> {
      await db.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1', [sha256(token)]);
    },

    async createApiKey(input: { name: string; nodeId: string; role: Role }): Promise<{ id: string; key: string }> {
      const n = await node(input.nodeId);
      if (!n) throw new ForecourtError('VALIDATION_FAILED', `node ${input.nodeId} does not exist`);
      if (!roleFitsNode(input.role, n.kind as never)) throw new ForecourtError('VALIDATION_FAILED', `role ${input.role} cannot be held at a ${n.kind}`);
      const id = `key-${randomUUID()}`;
      const key = newToken('fck');
      await db.query('INSERT INTO api_keys (id, name, node_id, role, secret_hash) VALUES ($1, $2, $3, $4, $5)', [id, input.name, input.nodeId, input.role, sha256(key)]);
      return { id, key };
    },

    async revokeApiKey(id: string): Promise<void> {
      await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [id]);
    },

    async principalFromApiKey(key: string): Promise<Principal | undefined> {
      const { rows } = await db.query<{ id: string; node_id: string; role: string }>('SELECT id, node_id, role FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL', [sha256(key)]);
      const r = rows[0];
      return r ? principalFor('api_key', r.id, r.node_id, r.role) : undefined;
    },

    /** Resolves an SSO identity (verified JWT claims) against the membership table. */
    async principalFromSso(email: string, nodeId: string, role: string): Promise<Principal | undefined> {
      const { rows } = await db.query<{ id: string }>(
        `SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = $1 AND u.active AND m.node_id = $2 AND m.role = $3`,
        [canonicalEmail(email), nodeId, role],
      );
      const r = rows[0];
      return r ? principalFor('sso', r.id, nodeId, role) : undefined;
    },

    /** Appends to the hash chain under a lock, so concurrent writers never fork it. */
    async audit(entry: { at: Date; actor: string; action: string; target: string; details?: Record<string, unknown> }): Promise<AuditEntry> {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(7274102)');
        const last = await tx.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
        const base = { at: entry.at.toISOString(), actor: entry.actor, action: entry.action, target: entry.target, details: entry.details ?? {}, prevHash: last.rows[0]?.hash ?? genesisHash };
        const hash = auditHash(base);
        const { rows } = await tx.query<{ seq: number }>(
          'INSERT INTO audit_log (at, actor, action, target, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq',
          [base.at, base.actor, base.action, base.target, JSON.stringify(base.details), base.prevHash, hash],
        );
        return { ...base, seq: Number(rows[0]!.seq), hash };
      });
    },

    async auditEntries(opts: { limit: number; afterSeq?: number } = { limit: 1000 }): Promise<AuditEntry[]> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [opts.afterSeq ?? 0, opts.limit]);
      return rows.map((r) => ({
        seq: Number(r.seq), at: iso(r.at), actor: String(r.actor), action: String(r.action), target: String(r.target),
        details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
        prevHash: String(r.prev_hash), hash: String(r.hash),
      }));
    },
  };
  return store;
}

export type IdentityStore = ReturnType<typeof identityStore>;
