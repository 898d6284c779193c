import type { ConsentState } from '../domain';
import { iso, scopePredicate, type Db, type TenantScope } from '../store';
import type { BlockedFact, CodeFact, OutboxFact } from './offer-results';
import type { VehicleFacts } from '../models';

export interface PortalDealer { id: string; name: string; market: string | null; lat: number; lon: number }
export interface PortalOwnerRow { id: string; displayName: string; email: string | null; phone: string | null; market: string }
export interface PortalVehicleRow { vin: string; ownerId: string; modelId: string; modelName: string; softwareVersion: string; odometerKm: number; facts: VehicleFacts; features: unknown }

/** Owners of one dealer inside the caller's scope: the one predicate every read below starts from. */
function dealerOwners(scope: TenantScope, dealerParam: number, scopeParam: number): { sql: string; params: unknown[] } {
  const s = scopePredicate(scope, 'o.home_dealer_id', scopeParam);
  return { sql: `SELECT o.id FROM owners o WHERE o.home_dealer_id = $${dealerParam} AND ${s.sql}`, params: s.params };
}

/**
 * The dealer portal's reads. Every read of customer data takes the caller's `TenantScope` and
 * applies it in SQL (THREATS.md §4.3), so a dealer id outside the scope yields nothing. The two
 * network-wide reads return counts only; the routes release them noised (noised-aggregates.ts).
 */
export function portalStore(db: Db) {
  return {
    /** The dealer, if it exists and lies inside the scope. */
    async dealer(scope: TenantScope, dealerId: string): Promise<PortalDealer | undefined> {
      const s = scopePredicate(scope, 'd.node_id', 2);
      const { rows } = await db.query<{ node_id: string; name: string; market: string | null; lat: number; lon: number }>(
        `SELECT d.node_id, n.name, n.market, d.lat, d.lon FROM dealers d JOIN tenant_nodes n ON n.id = d.node_id WHERE d.node_id = $1 AND ${s.sql}`, [dealerId, ...s.params]);
      const r = rows[0];
      return r ? { id: r.node_id, name: r.name, market: r.market, lat: Number(r.lat), lon: Number(r.lon) } : undefined;
    },

    /** How many customers the dealer has, inside the scope. */
    async customerCount(scope: TenantScope, dealerId: string): Promise<number> {
      const d = dealerOwners(scope, 1, 2);
      const { rows } = await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM (${d.sql}) c`, [dealerId, ...d.params]);
      return Number(rows[0]?.n ?? 0);
    },

    /** One page of the dealer's customers (by id), scoped. */
    async customers(scope: TenantScope, dealerId: string, page: { limit: number; after?: string }): Promise<{ items: PortalOwnerRow[]; next: string | null }> {
      const s = scopePredicate(scope, 'o.home_dealer_id', 2);
      const { rows } = await db.query<{ id: string; display_name: string; email: string | null; phone: string | null; market: string }>(
        `SELECT o.id, o.display_name, o.email, o.phone, o.market FROM owners o
          WHERE o.home_dealer_id = $1 AND ${s.sql} AND ($${s.params.length + 2}::text IS NULL OR o.id > $${s.params.length + 2})
          ORDER BY o.id LIMIT $${s.params.length + 3}`,
        [dealerId, ...s.params, page.after ?? null, page.limit + 1]);
      const items = rows.slice(0, page.limit).map((r) => ({ id: r.id, displayName: r.display_name, email: r.email, phone: r.phone, market: r.market }));
      return { items, next: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
    },

    /** Vehicles of the given owners with equipment facts and their stored telemetry features (owners already scoped). */
    async vehicles(ownerIds: readonly string[]): Promise<PortalVehicleRow[]> {
      if (ownerIds.length === 0) return [];
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT v.vin, v.owner_id, v.model_id, m.name AS model_name, m.powertrain, h.adas_level, v.software_version, v.odometer_km, f.features
           FROM vehicles v JOIN vehicle_models m ON m.id = v.model_id JOIN hardware_variants h ON h.id = v.hardware_variant_id
           LEFT JOIN vehicle_features f ON f.vin = v.vin
          WHERE v.owner_id = ANY($1::text[]) ORDER BY v.owner_id, v.vin`, [ownerIds]);
      return rows.map((r) => ({
        vin: String(r.vin), ownerId: String(r.owner_id), modelId: String(r.model_id), modelName: String(r.model_name), softwareVersion: String(r.software_version),
        odometerKm: Number(r.odometer_km), facts: { powertrain: String(r.powertrain), adasLevel: Number(r.adas_level) }, features: r.features ?? null,
      }));
    },

    /** Current consent per owner (owners already scoped). */
    async consents(ownerIds: readonly string[]): Promise<Map<string, ConsentState>> {
      const out = new Map<string, ConsentState>(ownerIds.map((id) => [id, {}]));
      if (ownerIds.length === 0) return out;
      const { rows } = await db.query<{ owner_id: string; purpose: string; channel: string; granted: boolean }>(
        'SELECT owner_id, purpose, channel, granted FROM consents WHERE owner_id = ANY($1::text[])', [ownerIds]);
      for (const r of rows) out.get(r.owner_id)![`${r.purpose}:${r.channel}`] = r.granted;
      return out;
    },

    /**
     * Delivery facts of a set of owners: either an explicit list (already scoped) or every
     * customer of a dealer inside the scope.
     */
    async offerFacts(who: { ownerIds: readonly string[] } | { scope: TenantScope; dealerId: string }): Promise<{ outbox: OutboxFact[]; blocked: BlockedFact[]; codes: CodeFact[]; offerNames: Map<string, string> }> {
      const sub = 'ownerIds' in who ? { sql: 'SELECT unnest($1::text[])', params: [who.ownerIds] } : (() => {
        const d = dealerOwners(who.scope, 1, 2);
        return { sql: d.sql, params: [who.dealerId, ...d.params] };
      })();
      const outbox = await db.query<{ owner_id: string; offer_id: string; channel: string; status: string; created_at: unknown }>(
        `SELECT owner_id, offer_id, channel, status, created_at FROM delivery_outbox WHERE owner_id IN (${sub.sql}) ORDER BY created_at, id`, sub.params);
      const blocked = await db.query<{ owner_id: string; offer_id: string; channel: string; created_at: unknown }>(
        `SELECT owner_id, offer_id, channel, created_at FROM delivery_review_items WHERE owner_id IN (${sub.sql}) ORDER BY created_at, id`, sub.params);
      const codes = await db.query<{ owner_id: string; offer_id: string; redeemed_at: unknown }>(
        `SELECT owner_id, offer_id, redeemed_at FROM delivery_redemption_codes WHERE owner_id IN (${sub.sql})`, sub.params);
      const offerIds = [...new Set([...outbox.rows, ...blocked.rows].map((r) => r.offer_id))];
      const names = offerIds.length === 0 ? [] : (await db.query<{ id: string; name: string }>('SELECT id, name FROM offers WHERE id = ANY($1::text[])', [offerIds])).rows;
      return {
        outbox: outbox.rows.map((r) => ({ ownerId: r.owner_id, offerId: r.offer_id, channel: r.channel, status: r.status, createdAt: iso(r.created_at) })),
        blocked: blocked.rows.map((r) => ({ ownerId: r.owner_id, offerId: r.offer_id, channel: r.channel, createdAt: iso(r.created_at) })),
        codes: codes.rows.map((r) => ({ ownerId: r.owner_id, offerId: r.offer_id, redeemedAt: r.redeemed_at === null ? null : iso(r.redeemed_at) })),
        offerNames: new Map(names.map((n) => [n.id, n.name])),
      };
    },

    /**
     * Network counts for the noised comparison: distinct customers of every other dealer who
     * got an offer, and of those, who redeemed one. Counts only; never released raw.
     */
    async networkConversionCounts(excludeDealerId: string): Promise<{ customersOffered: number; customersRedeemed: number }> {
      const { rows } = await db.query<{ offered: unknown; redeemed: unknown }>(
        `WITH offered AS (
           SELECT DISTINCT x.owner_id FROM delivery_outbox x JOIN owners o ON o.id = x.owner_id
            WHERE o.home_dealer_id IS NOT NULL AND o.home_dealer_id <> $1)
         SELECT (SELECT count(*) FROM offered) AS offered,
                (SELECT count(DISTINCT c.owner_id) FROM delivery_redemption_codes c JOIN offered f ON f.owner_id = c.owner_id WHERE c.redeemed_at IS NOT NULL) AS redeemed`,
        [excludeDealerId]);
      return { customersOffered: Number(rows[0]?.offered ?? 0), customersRedeemed: Number(rows[0]?.redeemed ?? 0) };
    },

    /**
     * Stored features of the market's vehicles whose owners granted `telematics_marketing:any`
     * (only those may be used for marketing, INV-8), one row per vehicle.
     */
    async marketFeatures(market: string): Promise<{ facts: VehicleFacts; features: unknown }[]> {
      const { rows } = await db.query<{ powertrain: string; adas_level: unknown; features: unknown }>(
        `SELECT m.powertrain, h.adas_level, f.features FROM vehicles v
           JOIN vehicle_features f ON f.vin = v.vin
           JOIN vehicle_models m ON m.id = v.model_id JOIN hardware_variants h ON h.id = v.hardware_variant_id
           JOIN consents c ON c.owner_id = v.owner_id AND c.purpose = 'telematics_marketing' AND c.channel = 'any' AND c.granted
          WHERE v.market = $1 ORDER BY v.vin`, [market]);
      return rows.map((r) => ({ facts: { powertrain: r.powertrain, adasLevel: Number(r.adas_level) }, features: r.features }));
    },
  };
}
export type PortalStore = ReturnType<typeof portalStore>;
