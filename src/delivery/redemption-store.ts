import { randomBytes } from 'node:crypto';
import { iso, scopePredicate, type Db, type TenantScope } from '../store';
import { checkRedemptionCode, generateRedemptionKey, issueRedemptionCode, redemptionKeyFromPem, type RedemptionKey } from './redemption-code';

/**
 * Redemption codes in the database: one per owner and offer (the same in every channel),
 * signed with the platform's redemption key, redeemed at most once, and visible only to the
 * owner's dealer and the nodes above it.
 */
export type RedeemOutcome =
  | { readonly status: 'redeemed'; readonly offerId: string; readonly redeemedAt: string }
  | { readonly status: 'already_redeemed'; readonly offerId: string; readonly redeemedAt: string }
  | { readonly status: 'invalid'; readonly reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_offer' };

export function redemptionStore(db: Db) {
  let cached: RedemptionKey | undefined;

  async function key(): Promise<RedemptionKey> {
    if (cached) return cached;
    const fresh = generateRedemptionKey();
    await db.query(`INSERT INTO delivery_keys (name, private_pem, public_pem) VALUES ('redemption', $1, $2) ON CONFLICT (name) DO NOTHING`, [fresh.privatePem, fresh.publicPem]);
    const { rows } = await db.query<{ private_pem: string }>(`SELECT private_pem FROM delivery_keys WHERE name = 'redemption'`);
    cached = redemptionKeyFromPem(rows[0]!.private_pem);
    return cached;
  }

  return {
    key,

    /** The owner's code for this offer: the existing one, or a new signed code. */
    async codeFor(input: { offerId: string; ownerId: string; dealerId: string | null; expiresAt: Date; now: Date }): Promise<string> {
      const existing = await db.query<{ code: string }>('SELECT code FROM delivery_redemption_codes WHERE offer_id = $1 AND owner_id = $2', [input.offerId, input.ownerId]);
      if (existing.rows[0]) return existing.rows[0].code;
      const { code, codeId } = issueRedemptionCode({ offerId: input.offerId, expiresAt: input.expiresAt, random: randomBytes(10) }, await key());
      await db.query(
        `INSERT INTO delivery_redemption_codes (code_id, code, offer_id, owner_id, dealer_id, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (offer_id, owner_id) DO NOTHING`,
        [codeId, code, input.offerId, input.ownerId, input.dealerId, input.now.toISOString(), input.expiresAt.toISOString()],
      );
      const { rows } = await db.query<{ code: string }>('SELECT code FROM delivery_redemption_codes WHERE offer_id = $1 AND owner_id = $2', [input.offerId, input.ownerId]);
      return rows[0]!.code;
    },

    /**
     * At the dealer: verify the signature and expiry, then mark redeemed exactly once.
     * Undefined when the code is unknown or belongs to another tenant's customer.
     */
    async redeem(scope: TenantScope, code: string, by: string, now: Date): Promise<RedeemOutcome | undefined> {
      const check = checkRedemptionCode(code, (await key()).publicKey, now);
      if (!check.valid) return { status: 'invalid', reason: check.reason };
      const s = scopePredicate(scope, 'c.dealer_id', 2);
      const found = await db.query<Record<string, unknown>>(`SELECT c.* FROM delivery_redemption_codes c WHERE c.code_id = $1 AND ${s.sql}`, [check.codeId, ...s.params]);
      const row = found.rows[0];
      if (!row) return undefined;
      const upd = await db.query<{ redeemed_at: unknown }>(
        'UPDATE delivery_redemption_codes SET redeemed_at = $2, redeemed_by = $3 WHERE code_id = $1 AND redeemed_at IS NULL RETURNING redeemed_at',
        [check.codeId, now.toISOString(), by],
      );
      if (upd.rows[0]) return { status: 'redeemed', offerId: String(row.offer_id), redeemedAt: iso(upd.rows[0].redeemed_at) };
      const again = await db.query<{ redeemed_at: unknown }>('SELECT redeemed_at FROM delivery_redemption_codes WHERE code_id = $1', [check.codeId]);
      return { status: 'already_redeemed', offerId: String(row.offer_id), redeemedAt: iso(again.rows[0]!.redeemed_at) };
    },
  };
}

export type RedemptionStore = ReturnType<typeof redemptionStore>;
