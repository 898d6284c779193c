import { createHash, randomUUID } from 'node:crypto';
import { createReviewItem, type ComplianceInput } from '../compliance';
import type { Channel } from '../domain';
import { iso, scopePredicate, type Db, type TenantScope } from '../store';
import { assertMessageCleared, type ClearedMessage, type SentLedger } from './channel';

/**
 * The delivery outbox (issue 12 item 5). A row is the message, the exact compliance input
 * it was checked as and its clearance. `enqueue` accepts only a cleared message (it re-runs
 * the gate), the idempotency key is unique, workers claim rows with a lease, and a row ends
 * `sent` (with the provider's id) or `dead` (with a reason).
 */

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'dead';

export interface OutboxRow {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly dealerId: string | null;
  readonly campaignId: string;
  readonly offerId: string;
  readonly ownerId: string;
  readonly channel: Channel;
  readonly market: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly nextAttemptAt: string;
  readonly leaseOwner: string | null;
  readonly providerMessageId: string | null;
  readonly lastError: string | null;
  readonly deadReason: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  /** The stored message, compliance input and clearance, exactly as in the row. */
  readonly stored: { message: unknown; complianceInput: unknown; clearance: unknown };
}

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const optIso = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

function toRow(r: Record<string, unknown>): OutboxRow {
  return {
    id: String(r.id), idempotencyKey: String(r.idempotency_key), dealerId: (r.dealer_id as string | null) ?? null, campaignId: String(r.campaign_id),
    offerId: String(r.offer_id), ownerId: String(r.owner_id), channel: r.channel as Channel, market: String(r.market), status: r.status as OutboxStatus,
    attempts: Number(r.attempts), maxAttempts: Number(r.max_attempts), nextAttemptAt: iso(r.next_attempt_at), leaseOwner: (r.lease_owner as string | null) ?? null,
    providerMessageId: (r.provider_message_id as string | null) ?? null, lastError: (r.last_error as string | null) ?? null, deadReason: (r.dead_reason as string | null) ?? null,
    createdAt: iso(r.created_at), sentAt: optIso(r.sent_at),
    stored: { message: json(r.message), complianceInput: json(r.compliance_input), clearance: json(r.clearance) },
  };
}

/** `dead_reason` of a message cancelled before it was sent (e.g. a release retraction suppressed it). */
export const CANCELLED_PREFIX = 'cancelled: ';

/** What `cancel` did to one outbox id. */
export type CancelOutcome = 'cancelled' | 'already_sent' | 'already_dead' | 'not_found';

export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const defaultBackoff: Backoff = { baseMs: 30_000, maxMs: 6 * 3_600_000 };

/** Exponential backoff after the n-th failed attempt (1-based): base·2^(n−1), capped. */
export function backoffMs(attempt: number, backoff: Backoff = defaultBackoff): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
}

/** The outbox id of a message: derived from its idempotency key, so the same key is the same row. */
export function outboxIdFor(idempotencyKey: string): string {
  return `dlv-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
}

export function outboxStore(db: Db) {
  return {
    /**
     * The only way into the outbox: the message must carry a clearance valid for its exact
     * text, market, channel, vehicle and consent (COMPLIANCE_BLOCKED otherwise). A second
     * enqueue with the same idempotency key returns the existing row.
     */
    async enqueue(cleared: unknown, meta: { dealerId: string | null; now: Date; maxAttempts?: number }): Promise<{ id: string; created: boolean }> {
      const { message, complianceInput, clearance } = assertMessageCleared(cleared);
      const id = outboxIdFor(message.idempotencyKey);
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO delivery_outbox (id, idempotency_key, dealer_id, campaign_id, offer_id, owner_id, channel, market, message, compliance_input, clearance,
                                      status, attempts, max_attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'queued', 0, $12, $13, $13)
         ON CONFLICT DO NOTHING RETURNING id`,
        [id, message.idempotencyKey, meta.dealerId, message.offer.campaignId, message.offer.offerId, message.recipient.ownerId, message.channel, message.market,
          JSON.stringify(message), JSON.stringify(complianceInput), JSON.stringify(clearance), meta.maxAttempts ?? 6, meta.now.toISOString()],
      );
      if (rows[0]) return { id: rows[0].id, created: true };
      const existing = await db.query<{ id: string }>('SELECT id FROM delivery_outbox WHERE idempotency_key = $1', [message.idempotencyKey]);
      return { id: existing.rows[0]!.id, created: false };
    },

    /**
     * Claims up to `limit` due rows for `workerId` until `now + leaseMs`: queued rows whose
     * time has come, and rows whose previous lease expired (a crashed sender), optionally only for
     * the channels this sender can serve. Counts an attempt.
     */
    async claim(workerId: string, now: Date, leaseMs: number, limit: number, channels?: readonly Channel[]): Promise<OutboxRow[]> {
      const until = new Date(now.getTime() + leaseMs).toISOString();
      const { rows } = await db.query<Record<string, unknown>>(
        `UPDATE delivery_outbox SET status = 'sending', lease_owner = $1, lease_until = $2, attempts = attempts + 1
          WHERE id IN (SELECT id FROM delivery_outbox
                        WHERE ((status = 'queued' AND next_attempt_at <= $3) OR (status = 'sending' AND lease_until < $3))
                          AND ($5::text[] IS NULL OR channel = ANY($5::text[]))
                        ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [workerId, until, now.toISOString(), limit, channels ? [...channels] : null],
      );
      return rows.map(toRow).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id.localeCompare(b.id));
    },

    /** Records the provider's id first, so a crash after this point cannot cause a resend. */
    async recordProviderId(idempotencyKey: string, providerMessageId: string): Promise<void> {
      await db.query('UPDATE delivery_outbox SET provider_message_id = $2 WHERE idempotency_key = $1 AND provider_message_id IS NULL', [idempotencyKey, providerMessageId]);
    },

    /** Marks a claimed row sent; false when the lease was lost to another worker. */
    async complete(id: string, workerId: string, providerMessageId: string, now: Date): Promise<boolean> {
      const { rows } = await db.query(
        `UPDATE delivery_outbox SET status = 'sent', provider_message_id = COALESCE(provider_message_id, $3), sent_at = $4, lease_owner = NULL, lease_until = NULL, last_error = NULL
          WHERE id = $1 AND lease_owner = $2 AND status = 'sending' RETURNING id`,
        [id, workerId, providerMessageId, now.toISOString()],
      );
      return rows.length === 1;
    },

    /** A failed attempt: back to the queue after `retryAt`, or dead when out of attempts or not retryable. */
    async fail(id: string, workerId: string, error: { reason: string; retryAt: Date | null }): Promise<OutboxStatus | null> {
      const { rows } = await db.query<{ status: OutboxStatus }>(
        `UPDATE delivery_outbox
            SET status = CASE WHEN $3::timestamptz IS NOT NULL AND attempts < max_attempts THEN 'queued' ELSE 'dead' END,
                next_attempt_at = COALESCE($3::timestamptz, next_attempt_at),
                dead_reason = CASE WHEN $3::timestamptz IS NOT NULL AND attempts < max_attempts THEN NULL ELSE $4 END,
                last_error = $4, lease_owner = NULL, lease_until = NULL
          WHERE id = $1 AND lease_owner = $2 AND status = 'sending' RETURNING status`,
        [id, workerId, error.retryAt ? error.retryAt.toISOString() : null, error.reason],
      );
      return rows[0]?.status ?? null;
    },

    /** Puts a claimed row back without using up an attempt (breaker open, vehicle moving). */
    async hold(id: string, workerId: string, until: Date, reason: string): Promise<void> {
      await db.query(
        `UPDATE delivery_outbox SET status = 'queued', attempts = GREATEST(attempts - 1, 0), next_attempt_at = $3, last_error = $4, lease_owner = NULL, lease_until = NULL
          WHERE id = $1 AND lease_owner = $2 AND status = 'sending'`,
        [id, workerId, until.toISOString(), reason],
      );
    },

    /**
     * Cancels messages that have not been sent: a queued row, or a claimed row whose provider
     * has not answered yet, ends `dead` with `cancelled: <reason>` and is never claimed again (a
     * worker holding its lease re-checks before sending). A row the provider accepted is left
     * as it is and reported `already_sent`.
     */
    async cancel(ids: readonly string[], reason: string, now: Date): Promise<Map<string, CancelOutcome>> {
      const out = new Map<string, CancelOutcome>();
      if (ids.length === 0) return out;
      const { rows: done } = await db.query<{ id: string }>(
        `UPDATE delivery_outbox SET status = 'dead', dead_reason = $2, last_error = $2, lease_owner = NULL, lease_until = NULL, next_attempt_at = $3
          WHERE id = ANY($1::text[]) AND provider_message_id IS NULL AND status IN ('queued', 'sending') RETURNING id`,
        [[...ids], `${CANCELLED_PREFIX}${reason}`.slice(0, 500), now.toISOString()]);
      for (const r of done) out.set(r.id, 'cancelled');
      const { rows } = await db.query<{ id: string; status: OutboxStatus; provider_message_id: string | null }>(
        'SELECT id, status, provider_message_id FROM delivery_outbox WHERE id = ANY($1::text[])', [[...ids]]);
      for (const r of rows) if (!out.has(r.id)) out.set(r.id, r.status === 'sent' || r.provider_message_id !== null ? 'already_sent' : 'already_dead');
      for (const id of ids) if (!out.has(id)) out.set(id, 'not_found');
      return out;
    },

    /** True while `workerId` still holds the lease of a row it claimed (false once it was cancelled). */
    async holdsLease(id: string, workerId: string): Promise<boolean> {
      const { rows } = await db.query(`SELECT 1 FROM delivery_outbox WHERE id = $1 AND lease_owner = $2 AND status = 'sending'`, [id, workerId]);
      return rows.length === 1;
    },

    /** A row as the given tenant sees it (rows of another tenant's customers are undefined). */
    async get(scope: TenantScope, id: string): Promise<OutboxRow | undefined> {
      const s = scopePredicate(scope, 'o.dealer_id', 2);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT o.* FROM delivery_outbox o WHERE o.id = $1 AND ${s.sql}`, [id, ...s.params]);
      return rows[0] ? toRow(rows[0]) : undefined;
    },

    async list(filter: { status?: OutboxStatus; campaignId?: string; channel?: Channel; dealerId?: string } = {}): Promise<OutboxRow[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT * FROM delivery_outbox WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR campaign_id = $2)
            AND ($3::text IS NULL OR channel = $3) AND ($4::text IS NULL OR dealer_id = $4) ORDER BY created_at, id`,
        [filter.status ?? null, filter.campaignId ?? null, filter.channel ?? null, filter.dealerId ?? null],
      );
      return rows.map(toRow);
    },

    async counts(): Promise<Record<OutboxStatus, number>> {
      const { rows } = await db.query<{ status: OutboxStatus; n: number }>('SELECT status, count(*)::int AS n FROM delivery_outbox GROUP BY status');
      const out: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, dead: 0 };
      for (const r of rows) out[r.status] = Number(r.n);
      return out;
    },

    /** Contacts of an owner across all channels since `since` (queued, sending or sent). */
    async contactTimes(ownerId: string, since: Date): Promise<string[]> {
      const { rows } = await db.query<{ created_at: unknown }>(
        `SELECT created_at FROM delivery_outbox WHERE owner_id = $1 AND created_at >= $2 AND status <> 'dead' ORDER BY created_at`, [ownerId, since.toISOString()]);
      return rows.map((r) => iso(r.created_at));
    },

    /** The ledger a channel uses: the provider id stored on the row with that idempotency key. */
    ledger(): SentLedger {
      return {
        get: async (key) => {
          const { rows } = await db.query<{ provider_message_id: string | null }>('SELECT provider_message_id FROM delivery_outbox WHERE idempotency_key = $1', [key]);
          return rows[0]?.provider_message_id ?? undefined;
        },
        put: async (key, providerId) => {
          await db.query('UPDATE delivery_outbox SET provider_message_id = $2 WHERE idempotency_key = $1 AND provider_message_id IS NULL', [key, providerId]);
        },
      };
    },

    /** A blocked message becomes a compliance review item (stored with the owner's dealer for scoping). */
    async openReview(input: ComplianceInput, meta: { dealerId: string | null; ownerId: string; offerId: string; channel: Channel; reason: string; now: Date }): Promise<string> {
      const id = `rvw-${randomUUID()}`;
      const item = createReviewItem(id, input, 'delivery-gate', meta.now);
      await db.query(
        `INSERT INTO delivery_review_items (id, dealer_id, owner_id, offer_id, channel, market, reason, item, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, meta.dealerId, meta.ownerId, meta.offerId, meta.channel, input.market, meta.reason, JSON.stringify(item), item.status, meta.now.toISOString()],
      );
      return id;
    },

    async listReviews(scope: TenantScope): Promise<{ id: string; ownerId: string; offerId: string; channel: string; market: string; reason: string; status: string; violations: string[]; createdAt: string }[]> {
      const s = scopePredicate(scope, 'r.dealer_id', 1);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT r.* FROM delivery_review_items r WHERE ${s.sql} ORDER BY r.created_at, r.id`, s.params);
      return rows.map((r) => {
        const item = json(r.item) as { verdict: { violations: { ruleId: string }[] } };
        return {
          id: String(r.id), ownerId: String(r.owner_id), offerId: String(r.offer_id), channel: String(r.channel), market: String(r.market), reason: String(r.reason),
          status: String(r.status), violations: item.verdict.violations.map((v) => v.ruleId), createdAt: iso(r.created_at),
        };
      });
    },
  };
}

export type OutboxStore = ReturnType<typeof outboxStore>;
export type { ClearedMessage };
