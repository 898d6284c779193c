import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createAuthenticator, createCounters } from '../app';
import { identityStore } from '../identity';
import { registerCatalogRoutes } from '../offers';
import type { Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { registerFundsRoutes } from './funds-routes';

/** Trade funds and dealer claims through the API. Run on PGlite and on the PostgreSQL server. */
export function fundsApiContract(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`on ${backend}`, () => {
    let app: FastifyInstance;
    let store: Store;
    let cleanup: () => Promise<void>;
    let now = new Date('2026-04-01T10:00:00Z');
    const keys: Record<string, string> = {};
    const vin = (ownerId: string): string => fixture.vehicles.find((v) => v.ownerId === ownerId)!.vin;

    async function call(who: string, method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown) {
      const res = await app.inject({
        method, url, headers: { authorization: `Bearer ${keys[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      return { status: res.statusCode, body: res.json() };
    }

    const failed = (decision: { reasons: { code: string; passed: boolean }[] }): string[] => decision.reasons.filter((r) => !r.passed).map((r) => r.code);
    const claim = (id: string, ownerId: string, amountMinor = 30_000, redeemedAt = '2026-04-02T09:00:00.000Z') =>
      ({ id, fundId: 'fund-spring', offerId: 'off-spring-cash', dealerId: 'dlr-a', vin: vin(ownerId), redeemedAt, amountMinor });

    beforeAll(async () => {
      const h = await open();
      store = h.store;
      cleanup = h.cleanup;
      await loadFixture(store);
      await store.customers.recordConsent(fixture.consent);
      await store.customers.recordConsent({ ...fixture.consent, ownerId: 'own-2' });
      const identity = identityStore(store.db);
      keys.nsc = (await identity.createApiKey({ name: 'nsc', nodeId: 'nsc-us', role: 'nsc_marketing' })).key;
      keys.dealerA = (await identity.createApiKey({ name: 'a', nodeId: 'dlr-a', role: 'dealer_principal' })).key;
      keys.dealerB = (await identity.createApiKey({ name: 'b', nodeId: 'dlr-b', role: 'dealer_principal' })).key;
      keys.dealerC = (await identity.createApiKey({ name: 'c', nodeId: 'dlr-c', role: 'dealer_principal' })).key;
      app = await createApp({ store, identity, counters: createCounters(), clock: () => now, authenticate: createAuthenticator(identity), logLevel: 'silent' }, [registerCatalogRoutes, registerFundsRoutes]);
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    describe('trade funds and dealer claims through the API', () => {
      it('opens a fund and a funded offer', async () => {
        const fund = await call('nsc', 'PUT', '/api/v1/funds/fund-spring', { programId: 'prg-spring', tierNodeId: 'nsc-us', currency: 'USD', budgetMinor: 100_000 });
        expect(fund.status).toBe(201);
        expect(fund.body).toMatchObject({ budgetMinor: 100_000, remainingMinor: 100_000 });
        const offer = await call('nsc', 'PUT', '/api/v1/catalog/offers/off-spring-cash', {
          programId: 'prg-spring', ownerNodeId: 'nsc-us', kind: 'cash_rebate', name: 'Spring cash', markets: ['US'],
          validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z', terms: { amountMinor: 30_000 }, requires: [], requiresStock: [],
          fundId: 'fund-spring', costMinor: 30_000, content: [{ channel: 'email', language: 'en', headline: 'Spring cash', body: '300 USD off.' }],
          rules: [{ code: 'market', params: { markets: ['US'] } }, { code: 'consent', params: { purpose: 'telematics_marketing', channel: 'any' } }],
        });
        expect(offer.status).toBe(201);
        expect(offer.body).toMatchObject({ fundId: 'fund-spring', costMinor: 30_000, rules: [{ code: 'market' }, { code: 'consent' }] });
      });

      it('settles a valid claim, and the fund position changes accordingly', async () => {
        now = new Date('2026-04-02T10:00:00Z');
        const redeemed = await call('dealerA', 'POST', '/api/v1/redemptions', { offerId: 'off-spring-cash', vin: vin('own-1'), dealerId: 'dlr-a', redeemedAt: '2026-04-02T09:00:00.000Z' });
        expect(redeemed.status).toBe(201);
        expect((await call('dealerA', 'GET', '/api/v1/funds/fund-spring/position')).body).toMatchObject({ accruedMinor: 30_000, claimedMinor: 0, remainingMinor: 70_000 });
        const decision = await call('dealerA', 'POST', '/api/v1/claims', claim('clm-valid', 'own-1'));
        expect(decision.status).toBe(201);
        expect(decision.body.status).toBe('settled');
        expect(failed(decision.body)).toEqual([]);
        expect((await call('nsc', 'GET', '/api/v1/funds/fund-spring/position')).body).toMatchObject({
          budgetMinor: 100_000, accruedMinor: 30_000, claimedMinor: 30_000, settledMinor: 30_000, outstandingMinor: 0, remainingMinor: 70_000,
        });
      });

      it('rejects a duplicate claim for the same redemption', async () => {
        const d = await call('dealerA', 'POST', '/api/v1/claims', claim('clm-dup', 'own-1'));
        expect(d.body.status).toBe('rejected');
        expect(failed(d.body)).toEqual(['not_duplicate']);
        const again = await call('dealerA', 'POST', '/api/v1/claims', claim('clm-valid', 'own-1'));
        expect(failed(again.body)).toContain('not_duplicate');
      });

      it('rejects a claim over the per-claim cap, for an ineligible VIN, and for a redemption not on the ledger', async () => {
        await call('dealerA', 'POST', '/api/v1/redemptions', { offerId: 'off-spring-cash', vin: vin('own-2'), dealerId: 'dlr-a', redeemedAt: '2026-04-02T09:00:00.000Z' });
        const over = await call('dealerA', 'POST', '/api/v1/claims', claim('clm-over', 'own-2', 45_000));
        expect(failed(over.body)).toEqual(['per_claim_cap']);
        // own-3 has no consent: the redemption is on the ledger, but the VIN was not eligible.
        await call('dealerA', 'POST', '/api/v1/redemptions', { offerId: 'off-spring-cash', vin: vin('own-3'), dealerId: 'dlr-a', redeemedAt: '2026-04-02T09:00:00.000Z' });
        const ineligible = await call('dealerA', 'POST', '/api/v1/claims', claim('clm-inel', 'own-3'));
        expect(failed(ineligible.body)).toEqual(['eligible_at_redemption']);
        expect(ineligible.body.reasons.find((r: { code: string }) => r.code === 'eligible_at_redemption').detail).toMatch(/consent/);
        const ghost = await call('dealerA', 'POST', '/api/v1/claims', claim('clm-ghost', 'own-2', 30_000, '2026-04-01T09:00:00.000Z'));
        expect(failed(ghost.body)).toEqual(['redemption_on_ledger']);
      });

      it('rejects a claim outside the claim window', async () => {
        now = new Date('2026-07-15T10:00:00Z');
        const late = await call('dealerA', 'POST', '/api/v1/claims', claim('clm-late', 'own-2'));
        expect(late.body.status).toBe('rejected');
        expect(failed(late.body)).toEqual(['within_claim_window']);
      });

      it('rejects a claim over the fund cap once the budget is cut, and counts rejections in the position', async () => {
        const cut = await call('nsc', 'PUT', '/api/v1/funds/fund-spring', { programId: 'prg-spring', tierNodeId: 'nsc-us', currency: 'USD', budgetMinor: 40_000 });
        expect(cut.status).toBe(200);
        now = new Date('2026-07-15T11:00:00Z');
        await call('dealerA', 'POST', '/api/v1/redemptions', { offerId: 'off-spring-cash', vin: vin('own-2'), dealerId: 'dlr-a', redeemedAt: '2026-05-20T09:00:00.000Z' }); // duplicate redemption: not recorded
        const capped = await call('dealerA', 'POST', '/api/v1/claims', claim('clm-capped', 'own-2', 30_000));
        expect(failed(capped.body)).toContain('fund_cap');
        const position = (await call('nsc', 'GET', '/api/v1/funds/fund-spring/position')).body;
        expect(position).toMatchObject({ budgetMinor: 40_000, claimedMinor: 30_000, settledMinor: 30_000, rejectedClaims: 7 });
        const ledger = (await call('nsc', 'GET', '/api/v1/funds/fund-spring/ledger')).body.items;
        expect(ledger.filter((e: { type: string }) => e.type === 'budget').map((e: { deltaMinor: number }) => e.deltaMinor)).toEqual([100_000, -60_000]);
      });

      it('lists a dealer its own claims only; other dealers and other markets see nothing of them', async () => {
        const mine = await call('dealerA', 'GET', '/api/v1/claims');
        expect(mine.body.items.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toContain('clm-valid:settled');
        expect((await call('dealerB', 'GET', '/api/v1/claims')).body.items).toEqual([]);
        expect((await call('dealerB', 'GET', '/api/v1/claims?dealerId=dlr-a')).status).toBe(404);
        expect((await call('dealerB', 'POST', '/api/v1/claims', claim('clm-forged', 'own-1'))).status).toBe(404);
        expect((await call('dealerB', 'POST', '/api/v1/redemptions', { offerId: 'off-spring-cash', vin: vin('own-1'), dealerId: 'dlr-a', redeemedAt: '2026-04-02T09:00:00.000Z' })).status).toBe(404);
        expect((await call('dealerC', 'GET', '/api/v1/funds/fund-spring/position')).status).toBe(404);
        expect((await call('dealerB', 'GET', '/api/v1/funds/fund-spring/position')).status).toBe(200);
      });
    });
  });
}
