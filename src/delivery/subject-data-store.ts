import type { SubjectDataHook } from '../identity';

/**
 * Data-subject access and erasure for delivery (GDPR Art. 15/17): the outbox (messages with
 * names, addresses, codes), review items, redemption codes, channel preferences and the
 * vehicles' parked/moving states. Register it with the identity capability's subjectRights.
 */
export const deliverySubjectData: SubjectDataHook = {
  name: 'delivery',
  async export(db, subject) {
    const q = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows;
    return {
      outbox: await q(`SELECT id, channel, status, campaign_id, offer_id, message, attempts, created_at, sent_at, dead_reason FROM delivery_outbox WHERE owner_id = $1 ORDER BY created_at, id`, [subject.ownerId]),
      reviewItems: await q('SELECT id, channel, offer_id, reason, status, item, created_at FROM delivery_review_items WHERE owner_id = $1 ORDER BY created_at, id', [subject.ownerId]),
      redemptionCodes: await q('SELECT offer_id, code, issued_at, expires_at, redeemed_at FROM delivery_redemption_codes WHERE owner_id = $1 ORDER BY issued_at', [subject.ownerId]),
      channelPreferences: await q('SELECT channels, updated_at FROM delivery_channel_preferences WHERE owner_id = $1', [subject.ownerId]),
      vehicleStates: await q('SELECT vin, moving, reported_at FROM delivery_vehicle_states WHERE vin = ANY($1::text[]) ORDER BY vin', [subject.vins]),
    };
  },
  async erase(db, subject) {
    await db.query('DELETE FROM delivery_outbox WHERE owner_id = $1', [subject.ownerId]);
    await db.query('DELETE FROM delivery_review_items WHERE owner_id = $1', [subject.ownerId]);
    await db.query('DELETE FROM delivery_redemption_codes WHERE owner_id = $1', [subject.ownerId]);
    await db.query('DELETE FROM delivery_channel_preferences WHERE owner_id = $1', [subject.ownerId]);
    await db.query('DELETE FROM delivery_vehicle_states WHERE vin = ANY($1::text[])', [subject.vins]);
  },
};
