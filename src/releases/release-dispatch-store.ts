import type { SubjectDataHook } from '../identity';
import { iso, scopePredicate, type Db, type TenantScope } from '../store';
import type { DispatchOutcome, DispatchRow } from './dispatch-outcomes';
import type { RetractionInstruction } from './plan-retraction';

/**
 * Dispatch records and the execution state of retractions (migration 0601), the same SQL on
 * PGlite and PostgreSQL. A (campaign, vin) pair is dispatched once; a retraction's card
 * revocation is executed once.
 */
export interface StoredDispatch extends DispatchRow {
  readonly campaignId: string;
  readonly dispatchedAt: string;
}

export interface PendingCardRevocation {
  readonly id: number;
  readonly campaignId: string;
  readonly vin: string;
  readonly offerId: string;
  readonly action: RetractionInstruction['action'];
  readonly reason: string;
  readonly outboxId: string | null;
  readonly deliveryCampaignId: string | null;
}

export type CardStatus = 'pending' | 'revoked' | 'no_card';

const jsonOf = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

function toDispatch(r: Record<string, unknown>): StoredDispatch {
  return {
    campaignId: String(r.campaign_id), vin: String(r.vin), ownerId: (r.owner_id as string | null) ?? null, planId: (r.plan_id as string | null) ?? null,
    deliveryCampaignId: (r.delivery_campaign_id as string | null) ?? null, outcome: r.outcome as DispatchOutcome, channel: (r.channel as string | null) ?? null,
    outboxId: (r.outbox_id as string | null) ?? null, reviewId: (r.review_id as string | null) ?? null, reasons: (jsonOf(r.reasons) as string[]) ?? [],
    dispatchedAt: iso(r.dispatched_at),
  };
}

export function releaseDispatchStore(db: Db) {
  return {
    /** Treated, still pending assignments of a campaign that were never dispatched, with their owners; tenant-scoped. */
    async undispatched(campaignId: string, scope: TenantScope): Promise<{ vin: string; market: string; ownerId: string | null }[]> {
      const sp = scopePredicate(scope, 'v.home_dealer_id', 2);
      const { rows } = await db.query<{ vin: string; market: string; owner_id: string | null }>(
        `SELECT a.vin, a.market, v.owner_id FROM release_assignments a JOIN vehicles v ON v.vin = a.vin
           LEFT JOIN release_dispatches d ON d.campaign_id = a.campaign_id AND d.vin = a.vin
          WHERE a.campaign_id = $1 AND a.arm = 'treatment' AND a.status = 'pending' AND d.vin IS NULL AND ${sp.sql}
          ORDER BY a.vin`,
        [campaignId, ...sp.params],
      );
      return rows.map((r) => ({ vin: r.vin, market: r.market, ownerId: r.owner_id ?? null }));
    },

    /** Records dispatch outcomes; a pair recorded before is left as it is. Returns how many were new. */
    async insert(campaignId: string, rows: readonly DispatchRow[], at: Date): Promise<number> {
      let inserted = 0;
      for (const r of rows) {
        const res = await db.query(
          `INSERT INTO release_dispatches (campaign_id, vin, owner_id, plan_id, delivery_campaign_id, outcome, channel, outbox_id, review_id, reasons, dispatched_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11) ON CONFLICT (campaign_id, vin) DO NOTHING RETURNING vin`,
          [campaignId, r.vin, r.ownerId, r.planId, r.deliveryCampaignId, r.outcome, r.channel, r.outboxId, r.reviewId, JSON.stringify(r.reasons), at.toISOString()],
        );
        inserted += res.rows.length;
      }
      return inserted;
    },

    async list(campaignId: string, vins?: readonly string[]): Promise<StoredDispatch[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        'SELECT * FROM release_dispatches WHERE campaign_id = $1 AND ($2::text[] IS NULL OR vin = ANY($2::text[])) ORDER BY vin', [campaignId, vins ?? null]);
      return rows.map(toDispatch);
    },

    /** True when another live (pending or delivered) assignment shares the outbox message. */
    async messageStillNeeded(outboxId: string, except: { campaignId: string; vin: string }): Promise<boolean> {
      const { rows } = await db.query(
        `SELECT 1 FROM release_dispatches d JOIN release_assignments a ON a.campaign_id = d.campaign_id AND a.vin = d.vin
          WHERE d.outbox_id = $1 AND a.status IN ('pending', 'delivered') AND NOT (d.campaign_id = $2 AND d.vin = $3) LIMIT 1`,
        [outboxId, except.campaignId, except.vin],
      );
      return rows.length > 0;
    },

    /** Retractions whose in-vehicle card has not been looked at yet, oldest first. */
    async pendingCardRevocations(): Promise<PendingCardRevocation[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT r.id, r.campaign_id, r.vin, r.offer_id, r.action, r.reason, d.outbox_id, d.delivery_campaign_id FROM release_retractions r
           LEFT JOIN release_dispatches d ON d.campaign_id = r.campaign_id AND d.vin = r.vin
          WHERE r.card_status = 'pending' ORDER BY r.id`);
      return rows.map((r) => ({
        id: Number(r.id), campaignId: String(r.campaign_id), vin: String(r.vin), offerId: String(r.offer_id), action: r.action as RetractionInstruction['action'],
        reason: String(r.reason), outboxId: (r.outbox_id as string | null) ?? null, deliveryCampaignId: (r.delivery_campaign_id as string | null) ?? null,
      }));
    },

    /** Records the revocation executor's result; false when another run recorded it first. */
    async markCard(id: number, status: Exclude<CardStatus, 'pending'>, detail: string, at: Date): Promise<boolean> {
      const { rows } = await db.query(
        `UPDATE release_retractions SET card_status = $2, card_detail = $3, card_executed_at = $4 WHERE id = $1 AND card_status = 'pending' RETURNING id`,
        [id, status, detail.slice(0, 500), at.toISOString()]);
      return rows.length === 1;
    },

    /** Pending offers whose message the outbox has sent: the offer now counts as delivered. */
    async sentButPending(campaignId: string): Promise<{ vin: string; outboxId: string }[]> {
      const { rows } = await db.query<{ vin: string; outbox_id: string }>(
        `SELECT d.vin, d.outbox_id FROM release_dispatches d JOIN release_assignments a ON a.campaign_id = d.campaign_id AND a.vin = d.vin
          WHERE d.campaign_id = $1 AND d.outbox_id IS NOT NULL AND a.status = 'pending' ORDER BY d.vin`, [campaignId]);
      return rows.map((r) => ({ vin: r.vin, outboxId: r.outbox_id }));
    },
  };
}

export type ReleaseDispatchStore = ReturnType<typeof releaseDispatchStore>;

/**
 * Data-subject rights for release campaigns: a dispatch names the owner it was planned for.
 * Export returns the person's dispatches; erasure unlinks them (the vehicle-level record stays,
 * as the vehicle itself does when its owner is erased).
 */
export const releasesSubjectData: SubjectDataHook = {
  name: 'releases',
  async export(db, subject) {
    const { rows } = await db.query(
      `SELECT campaign_id, vin, plan_id, outcome, channel, outbox_id, review_id, reasons, dispatched_at FROM release_dispatches
        WHERE owner_id = $1 ORDER BY dispatched_at, campaign_id, vin`, [subject.ownerId]);
    return { dispatches: rows };
  },
  async erase(db, subject) {
    await db.query('UPDATE release_dispatches SET owner_id = NULL WHERE owner_id = $1', [subject.ownerId]);
  },
};
