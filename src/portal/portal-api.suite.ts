import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createAuthenticator, createCounters } from '../app';
import { identityStore } from '../identity';
import { createRng } from '../kernel';
import { tyreBrakeService } from '../models';
import type { Store } from '../store';
import { telemetryStore } from '../telemetry';
import { fixture, loadFixture } from '../testing';
import { defaultPortalPrivacy, releaseNetworkConversion } from './noised-aggregates';
import { createPortalRoutes } from './portal-routes';

const SEED = 20260401;
const vinOf = (ownerId: string) => fixture.vehicles.find((v) => v.ownerId === ownerId)!.vin;

/** As the telemetry pipeline writes it (snapshotFeatures): readings with their consent basis. */
const snapshot = {
  basis: { purpose: 'telematics_marketing', channel: 'any', granted: true }, reasons: ['telematics_marketing_consent_granted'],
  features: [
    { code: 'distance_per_week', value: 300, unit: 'km/week', detail: { km: 300 } },
    { code: 'road_type_share', value: 0.6, unit: 'ratio', detail: { urban: 0.3, movingHours: 9 } },
    { code: 'tyre_condition', value: 205, unit: 'kPa', detail: { low: 1, spread: 30 } },
    { code: 'brake_wear', value: 70, unit: 'percent', detail: { worn: 0 } },
    { code: 'charging_behaviour', value: null, unit: 'ratio', detail: { sessions: 0, chargingHours: 0 } },
  ],
};

async function outbox(store: Store, row: { id: string; ownerId: string; dealerId: string; offerId?: string; channel?: string; status?: string; at: string }): Promise<void> {
  await store.db.query(
    `INSERT INTO delivery_outbox (id, idempotency_key, dealer_id, campaign_id, offer_id, owner_id, channel, market, message, compliance_input, clearance, status, next_attempt_at, created_at)
     VALUES ($1, $1, $2, 'c-test', $3, $4, $5, 'US', '{}'::jsonb, '{}'::jsonb, '{}'::jsonb, $6, $7, $7)`,
    [row.id, row.dealerId, row.offerId ?? 'off-brakes', row.ownerId, row.channel ?? 'email', row.status ?? 'sent', row.at]);
}

async function redeemed(store: Store, ownerId: string, dealerId: string, at: string | null): Promise<void> {
  await store.db.query(
    `INSERT INTO delivery_redemption_codes (code_id, code, offer_id, owner_id, dealer_id, issued_at, expires_at, redeemed_at, redeemed_by)
     VALUES ($1, $1, 'off-brakes', $2, $3, '2026-03-20T00:00:00Z', '2026-06-01T00:00:00Z', $4, $3)`, [`code-${ownerId}`, ownerId, dealerId, at]);
}

/** The dealer portal API end to end over a store; run on PGlite and on the PostgreSQL server. */
export function portalApiContract(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`dealer portal API on ${backend}`, () => {
    let app: FastifyInstance;
    let store: Store;
    let cleanup: () => Promise<void>;
    let now = new Date('2026-04-01T10:00:00Z');
    const keys: Record<string, string> = {};
    const get = async (who: string, url: string) => {
      const res = await app.inject({ url, headers: { authorization: `Bearer ${keys[who]}` } });
      return { status: res.statusCode, body: res.json(), raw: res.body };
    };

    beforeAll(async () => {
      ({ store, cleanup } = await open());
      await loadFixture(store);
      await store.customers.recordConsent(fixture.consent);
      // own-2 has stored features too (written while it had consent), but no consent now.
      await telemetryStore(store.db).saveSnapshots([
        { vin: vinOf('own-1'), features: snapshot, state: null, updatedAt: new Date('2026-03-31T00:00:00Z') },
        { vin: vinOf('own-2'), features: snapshot, state: null, updatedAt: new Date('2026-03-31T00:00:00Z') },
      ]);
      await outbox(store, { id: 'dlv-a1', ownerId: 'own-1', dealerId: 'dlr-a', at: '2026-03-25T09:00:00Z' });
      await outbox(store, { id: 'dlv-a2', ownerId: 'own-1', dealerId: 'dlr-a', channel: 'dealer_crm', status: 'queued', at: '2026-03-25T09:00:01Z' });
      await redeemed(store, 'own-1', 'dlr-a', '2026-03-28T12:00:00Z');
      await store.db.query(
        `INSERT INTO delivery_review_items (id, dealer_id, owner_id, offer_id, channel, market, reason, item, status, created_at)
         VALUES ('rev-1', 'dlr-a', 'own-2', 'off-brakes', 'email', 'US', 'enqueue gate', '{}'::jsonb, 'open', '2026-03-25T09:00:00Z')`);
      // Three customers of another dealer with offers: far below the release threshold.
      const few = ['own-n1', 'own-n2', 'own-n3'];
      await store.customers.upsertOwners(few.map((id) => ({ id, market: 'US' as const, displayName: id, email: null, phone: null, language: 'en' as const, homeDealerId: 'dlr-b' })));
      for (const id of few) await outbox(store, { id: `dlv-${id}`, ownerId: id, dealerId: 'dlr-b', at: '2026-03-26T09:00:00Z' });
      await redeemed(store, 'own-n1', 'dlr-b', '2026-03-27T09:00:00Z');
      const identity = identityStore(store.db);
      keys.dealerA = (await identity.createApiKey({ name: 'a', nodeId: 'dlr-a', role: 'dealer_principal' })).key;
      keys.dealerB = (await identity.createApiKey({ name: 'b', nodeId: 'dlr-b', role: 'dealer_principal' })).key;
      keys.distributor = (await identity.createApiKey({ name: 'd', nodeId: 'dist-us-west', role: 'distributor' })).key;
      app = await createApp({ store, identity, counters: createCounters(), clock: () => now, authenticate: createAuthenticator(identity), logLevel: 'silent', rateLimitPerMinute: false },
        [createPortalRoutes({ rng: () => createRng(SEED) })]);
      await app.ready();
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('lists only the dealer’s own customers, with needs from stored features only under consent', async () => {
      const res = await get('dealerA', '/api/v1/dealers/dlr-a/portal/customers');
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual(['own-1', 'own-2']);
      const [one, two] = res.body.items;
      const needs = Object.fromEntries(one.vehicles[0].needs.map((n: { code: string }) => [n.code, n]));
      const expected = tyreBrakeService.evaluate({ tyrePressureCondition: 0.75, brakeWear: 0.7 });
      expect(needs.tyre_brake_service).toMatchObject({ status: 'scored', reason: null, missing: ['kmSinceService'] });
      expect(needs.tyre_brake_service.score).toBeCloseTo(expected.score, 12);
      expect(needs.tyre_brake_service.used).toEqual([
        { name: 'tyrePressureCondition', value: 0.75, from: 'tyre_condition.detail.low' },
        { name: 'brakeWear', value: 0.7, from: 'brake_wear' },
      ]);
      expect(needs.intersection_assist).toMatchObject({ status: 'not_enough_data', score: null, reason: 'inputs_not_observed' });
      expect(needs.charging_plan_fit.used.map((u: { name: string }) => u.name)).not.toContain('dcFastShare');
      for (const n of two.vehicles[0].needs) expect(n).toMatchObject({ status: 'withheld', score: null, reason: 'no_consent', used: [] });
      expect(res.raw).not.toContain('own-3');
      expect(res.raw).not.toContain('own-n1');
    });

    it('shows the offers made to each customer with their results', async () => {
      const res = await get('dealerA', '/api/v1/dealers/dlr-a/portal/customers');
      const [one, two] = res.body.items;
      expect(one.offers).toEqual([{
        offerId: 'off-brakes', offerName: fixture.offer.name, firstAt: '2026-03-25T09:00:00.000Z',
        channels: [{ channel: 'email', status: 'sent' }, { channel: 'dealer_crm', status: 'queued' }], result: 'redeemed', redeemedAt: '2026-03-28T12:00:00.000Z',
      }]);
      expect(one.totals).toMatchObject({ offersMade: 1, redeemed: 1, leads: 1, blocked: 0, conversion: 1 });
      expect(two.offers).toMatchObject([{ offerId: 'off-brakes', result: 'blocked', channels: [{ channel: 'email', status: 'blocked' }] }]);
      expect(two.totals).toMatchObject({ offersMade: 0, blocked: 1, conversion: null });
    });

    it('pages by owner id', async () => {
      const first = await get('dealerA', '/api/v1/dealers/dlr-a/portal/customers?limit=1');
      expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(['own-1']);
      expect(first.body.next).toBe('own-1');
      const second = await get('dealerA', '/api/v1/dealers/dlr-a/portal/customers?limit=1&after=own-1');
      expect(second.body.items.map((c: { id: string }) => c.id)).toEqual(['own-2']);
      expect(second.body.next).toBeNull();
      expect((await get('dealerA', '/api/v1/dealers/dlr-a/portal/customers?limit=0')).status).toBe(400);
      expect((await get('dealerA', '/api/v1/dealers/dlr-a/portal/customers?dealerId=dlr-b')).status).toBe(400);
    });

    it('answers another dealer’s portal exactly like a missing dealer', async () => {
      const other = await get('dealerA', '/api/v1/dealers/dlr-b/portal/customers');
      const missing = await get('dealerA', '/api/v1/dealers/dlr-zzz/portal/customers');
      expect(other.status).toBe(404);
      expect(other.raw).toBe(missing.raw);
      expect((await get('dealerA', '/api/v1/dealers/dlr-b/portal/summary')).raw).toBe((await get('dealerA', '/api/v1/dealers/dlr-zzz/portal/summary')).raw);
      // The distributor reads the aggregates of a dealer under it, but not the customers' personal data.
      expect((await get('distributor', '/api/v1/dealers/dlr-a/portal/summary')).status).toBe(200);
      expect((await get('distributor', '/api/v1/dealers/dlr-a/portal/customers')).status).toBe(403);
    });

    it('gives exact totals over own customers and suppresses small network cells instead of returning them', async () => {
      const res = await get('dealerA', '/api/v1/dealers/dlr-a/portal/summary');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dealerId: 'dlr-a', customers: 2, totals: { offersMade: 1, redeemed: 1, blocked: 1, leads: 1, customersOffered: 1, conversion: 1 } });
      const agg = res.body.aggregates;
      expect(agg).toMatchObject({ status: 'released', noised: true, kThreshold: 20 });
      // Three offered, one redeemed at other dealers: with this seed both noisy counts fall below k.
      const expected = releaseNetworkConversion({ customersOffered: 3, customersRedeemed: 1 }, defaultPortalPrivacy, createRng(SEED));
      expect(agg.network.customersOffered).toEqual(expected.customersOffered);
      expect(agg.network.customersOffered).toEqual({ status: 'suppressed' });
      expect(agg.network.conversion).toBeNull();
      // One consented vehicle with features in the market: the usage cells are suppressed too.
      expect(agg.usage.vehicles).toEqual({ status: 'suppressed' });
      for (const cell of [agg.network.customersOffered, agg.network.customersRedeemed, agg.usage.vehicles, ...agg.usage.needs.map((n: { vehicles: unknown }) => n.vehicles)]) {
        if (cell.status === 'released') expect(cell.value).toBeGreaterThanOrEqual(20);
      }
    });

    it('releases noised network counts once enough customers are behind them, charged once per day', async () => {
      now = new Date('2026-04-02T10:00:00Z');
      const many = Array.from({ length: 60 }, (_, i) => `own-m${i}`);
      await store.customers.upsertOwners(many.map((id) => ({ id, market: 'US' as const, displayName: id, email: null, phone: null, language: 'en' as const, homeDealerId: 'dlr-b' })));
      for (const id of many) await outbox(store, { id: `dlv-${id}`, ownerId: id, dealerId: 'dlr-b', at: '2026-04-01T09:00:00Z' });
      for (const id of many.slice(0, 30)) await redeemed(store, id, 'dlr-b', '2026-04-01T12:00:00Z');
      const raw = { customersOffered: 63, customersRedeemed: 31 };
      const res = await get('dealerA', '/api/v1/dealers/dlr-a/portal/summary');
      const expected = releaseNetworkConversion(raw, defaultPortalPrivacy, createRng(SEED));
      expect(res.body.aggregates.network).toEqual(expected);
      expect(expected.customersOffered.status).toBe('released');
      // Noise applied: the released counts are not the true ones.
      expect(res.body.aggregates.network.customersOffered).not.toEqual({ status: 'released', value: raw.customersOffered });
      expect(res.body.aggregates.network.customersRedeemed).not.toEqual({ status: 'released', value: raw.customersRedeemed });
      // The same release is served again without another charge.
      const again = await get('dealerA', '/api/v1/dealers/dlr-a/portal/summary');
      expect(again.body.aggregates).toEqual(res.body.aggregates);
      const { rows } = await store.db.query<{ eps: unknown; n: unknown }>(`SELECT sum(eps_micro) AS eps, count(*) AS n FROM v2x_privacy_ledger WHERE tenant = 'dlr-a' AND day = '2026-04-02'`);
      expect(Number(rows[0]!.n)).toBe(1);
      expect(Number(rows[0]!.eps)).toBe(500_000);
    });

    it('refuses the noised aggregates when the caller’s privacy budget is spent, and still gives the exact totals', async () => {
      now = new Date('2026-04-03T10:00:00Z');
      await store.db.query(`INSERT INTO v2x_privacy_ledger (tenant, day, month, eps_micro, at) VALUES ('dlr-a', '2026-04-03', '2026-04', 800000, $1)`, [now.toISOString()]);
      const res = await get('dealerA', '/api/v1/dealers/dlr-a/portal/summary');
      expect(res.status).toBe(200);
      expect(res.body.aggregates).toMatchObject({ status: 'refused', reason: 'privacy_budget_exhausted' });
      expect(res.body.totals.offersMade).toBe(1);
      expect(res.raw).not.toContain('"customersOffered":{"status"');
    });
  });
}
