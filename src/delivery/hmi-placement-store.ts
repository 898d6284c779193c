import { iso, type Db } from '../store';
import type { PlacedCard, PlacementLedger } from './hmi-repository';

/**
 * The HMI placement ledger in `delivery_hmi_placements` (migration 0710), the same SQL on
 * PGlite and PostgreSQL. A vehicle's placement is replaced as a whole in one transaction.
 */
function toCard(r: Record<string, unknown>): PlacedCard {
  return {
    path: String(r.path), sha256: String(r.sha256), revision: Number(r.revision), slot: String(r.slot), offerId: String(r.offer_id),
    campaignId: (r.campaign_id as string | null) ?? null, placedAt: iso(r.placed_at),
  };
}

export function hmiPlacementStore(db: Db): PlacementLedger & { count(): Promise<number> } {
  return {
    async list(pseudonym) {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM delivery_hmi_placements WHERE pseudonym = $1 ORDER BY position', [pseudonym]);
      return rows.map(toCard);
    },

    async replace(pseudonym, cards) {
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM delivery_hmi_placements WHERE pseudonym = $1', [pseudonym]);
        for (const [i, c] of cards.entries()) {
          await tx.query(
            `INSERT INTO delivery_hmi_placements (pseudonym, position, path, sha256, revision, slot, offer_id, campaign_id, placed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [pseudonym, i, c.path, c.sha256, c.revision, c.slot, c.offerId, c.campaignId, c.placedAt]);
        }
      });
    },

    async holders(path) {
      const { rows } = await db.query<{ pseudonym: string }>('SELECT DISTINCT pseudonym FROM delivery_hmi_placements WHERE path = $1 ORDER BY pseudonym', [path]);
      return rows.map((r) => r.pseudonym);
    },

    async all() {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM delivery_hmi_placements ORDER BY pseudonym, position');
      const out = new Map<string, PlacedCard[]>();
      for (const r of rows) {
        const pv = String(r.pseudonym);
        out.set(pv, [...(out.get(pv) ?? []), toCard(r)]);
      }
      return out;
    },

    async count() {
      const { rows } = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM delivery_hmi_placements');
      return Number(rows[0]?.n ?? 0);
    },
  };
}
