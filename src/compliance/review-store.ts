import { randomUUID } from 'node:crypto';
import { ForecourtError } from '../kernel';
import { iso, scopePredicate, type Db, type TenantScope } from '../store';
import { toRegressionCase, applyReviewAction, createReviewItem, type ReviewItem, type ReviewStatus } from './review';
import type { RegressionCase } from './compliance-input';
import type { AuditEvent } from './audit-chain';

export interface StoredReview {
  item: ReviewItem;
  ownerNodeId: string;
  createdAt: string;
  updatedAt: string;
}

function toStored(r: Record<string, unknown>): StoredReview {
  const item = (typeof r.item === 'string' ? JSON.parse(r.item) : r.item) as ReviewItem;
  return { item, ownerNodeId: String(r.owner_node_id), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
}

/**
 * The review queue in the database. Items are owned by the submitting tenant
 * node and read through its scope; actions run under a row lock so two
 * reviewers cannot both move one item; every event is appended, never changed.
 */
export function reviewStore(db: Db) {
  async function appendEvent(tx: Db, e: AuditEvent): Promise<void> {
    await tx.query('INSERT INTO compliance_review_events (item_id, seq, event, hash) VALUES ($1, $2, $3, $4)', [e.itemId, e.seq, JSON.stringify(e), e.hash]);
  }

  return {
    /** Checks a message and opens an item for it (pending if it violates, resolved if not). */
    async open(raw: unknown, ownerNodeId: string, actor: string, now: Date): Promise<StoredReview> {
      const id = `rev-${randomUUID()}`;
      const item = createReviewItem(id, raw, actor, now);
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO compliance_reviews (id, owner_node_id, status, item, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)',
          [id, ownerNodeId, item.status, JSON.stringify(item), now.toISOString()]);
        for (const e of item.audit) await appendEvent(tx, e);
      });
      return { item, ownerNodeId, createdAt: now.toISOString(), updatedAt: now.toISOString() };
    },

    async get(scope: TenantScope, id: string): Promise<StoredReview | undefined> {
      const s = scopePredicate(scope, 'r.owner_node_id', 2);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM compliance_reviews r WHERE r.id = $1 AND ${s.sql}`, [id, ...s.params]);
      return rows[0] ? toStored(rows[0]) : undefined;
    },

    async list(scope: TenantScope, filter: { status?: ReviewStatus; limit: number }): Promise<StoredReview[]> {
      const s = scopePredicate(scope, 'r.owner_node_id', 3);
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT * FROM compliance_reviews r WHERE ($1::text IS NULL OR r.status = $1) AND ${s.sql} ORDER BY r.created_at, r.id LIMIT $2`,
        [filter.status ?? null, filter.limit, ...s.params],
      );
      return rows.map(toStored);
    },

    /** A reviewer's action: the pure workflow decides; this persists item and event atomically. */
    async act(scope: TenantScope, id: string, action: unknown, actor: string, now: Date): Promise<StoredReview> {
      return db.transaction(async (tx) => {
        const s = scopePredicate(scope, 'r.owner_node_id', 2);
        const { rows } = await tx.query<Record<string, unknown>>(`SELECT * FROM compliance_reviews r WHERE r.id = $1 AND ${s.sql} FOR UPDATE`, [id, ...s.params]);
        if (!rows[0]) throw new ForecourtError('NOT_FOUND');
        const current = toStored(rows[0]);
        const result = applyReviewAction(current.item, action, actor, now);
        if (!result.ok) {
          throw new ForecourtError(result.code === 'INVALID_ACTION' ? 'VALIDATION_FAILED' : 'CONFLICT', result.message, { reason: result.code });
        }
        await tx.query('UPDATE compliance_reviews SET status = $2, item = $3, updated_at = $4 WHERE id = $1', [id, result.item.status, JSON.stringify(result.item), now.toISOString()]);
        await appendEvent(tx, result.event);
        return { ...current, item: result.item, updatedAt: now.toISOString() };
      });
    },

    /** Saves a reviewer's finding as a regression case in the examples.jsonl format. */
    async saveRegressionCase(scope: TenantScope, id: string, expectedViolations: readonly string[], actor: string, now: Date): Promise<RegressionCase> {
      const stored = await this.get(scope, id);
      if (!stored) throw new ForecourtError('NOT_FOUND');
      const c = toRegressionCase(stored.item, expectedViolations);
      await db.query(
        `INSERT INTO compliance_regression_cases (id, item_id, "case", created_by, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET "case" = EXCLUDED."case", created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at`,
        [c.id, id, JSON.stringify(c), actor, now.toISOString()],
      );
      return c;
    },

    async regressionCases(scope: TenantScope): Promise<RegressionCase[]> {
      const s = scopePredicate(scope, 'r.owner_node_id', 1);
      const { rows } = await db.query<{ case: unknown }>(
        `SELECT c."case" FROM compliance_regression_cases c JOIN compliance_reviews r ON r.id = c.item_id WHERE ${s.sql} ORDER BY c.id`, s.params);
      return rows.map((r) => (typeof r.case === 'string' ? JSON.parse(r.case) : r.case) as RegressionCase);
    },

    async events(id: string): Promise<AuditEvent[]> {
      const { rows } = await db.query<{ event: unknown }>('SELECT event FROM compliance_review_events WHERE item_id = $1 ORDER BY seq', [id]);
      return rows.map((r) => (typeof r.event === 'string' ? JSON.parse(r.event) : r.event) as AuditEvent);
    },
  };
}
export type ReviewStore = ReturnType<typeof reviewStore>;
