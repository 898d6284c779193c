import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createAuthenticator, createCounters } from '../app';
import { registerFundsRoutes } from '../funds';
import { identityStore } from '../identity';
import { fixedClock } from '../kernel';
import type { Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { matrixCatalogOffer } from './offer-catalog-authz-cases';
import { registerCatalogRoutes } from './offer-catalog-routes';

/** The offer catalog through the API. Run on PGlite and on the PostgreSQL server. */
export function catalogApiContract(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`on ${backend}`, () => {
    let app: FastifyInstance;
    let store: Store;
    let cleanup: () => Promise<void>;
    const keys: Record<string, string> = {};
    const vin = (ownerId: string): string => fixture.vehicles.find((v) => v.ownerId === ownerId)!.vin;

    async function call(who: string, method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown) {
      const res = await app.inject({
        method, url, headers: { authorization: `Bearer ${keys[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      return { status: res.statusCode, body: res.json() };
    }

    beforeAll(async () => {
      const h = await open();
      store = h.store;
      cleanup = h.cleanup;
      await loadFixture(store);
      await store.customers.recordConsent(fixture.consent);
      await store.customers.recordConsent({ ...fixture.consent, granted: false, at: '2026-03-15T09:00:00.000Z' });
      const identity = identityStore(store.db);
      keys.nsc = (await identity.createApiKey({ name: 'nsc', nodeId: 'nsc-us', role: 'nsc_marketing' })).key;
      keys.nscDe = (await identity.createApiKey({ name: 'nsc-de', nodeId: 'nsc-de', role: 'nsc_marketing' })).key;
      keys.dealer = (await identity.createApiKey({ name: 'a', nodeId: 'dlr-a', role: 'dealer_principal' })).key;
      app = await createApp({ store, identity, counters: createCounters(), clock: fixedClock('2026-04-01T10:00:00Z'), authenticate: createAuthenticator(identity), logLevel: 'silent' }, [registerCatalogRoutes, registerFundsRoutes]);
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    describe('offer catalog API', () => {
      it('refuses an offer whose terms do not fit its kind or whose rules are unknown, naming each problem', async () => {
        const bad = await call('nsc', 'PUT', '/api/v1/catalog/offers/off-bad', { ...matrixCatalogOffer, terms: { amountMinor: -5 } });
        expect(bad.status).toBe(400);
        expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toContain('terms.amountMinor');
        const rules = await call('nsc', 'PUT', '/api/v1/catalog/offers/off-bad', { ...matrixCatalogOffer, rules: [{ code: 'horoscope', params: {} }, { code: 'mileage', params: { minKm: 'lots' } }] });
        expect(rules.status).toBe(400);
        expect(rules.body.details.problems.map((p: { index: number }) => p.index)).toEqual([0, 1]);
      });

      it('stores catalog offers; another NSC can neither see nor overwrite them', async () => {
        const put = await call('nsc', 'PUT', '/api/v1/catalog/offers/off-cash', { ...matrixCatalogOffer, exclusivityGroup: 'cash', priority: 5,
          rules: [...matrixCatalogOffer.rules, { code: 'consent', params: { purpose: 'telematics_marketing', channel: 'any' } }] });
        expect(put.status).toBe(201);
        expect((await call('nsc', 'PUT', '/api/v1/catalog/offers/off-cash', { ...matrixCatalogOffer, exclusivityGroup: 'cash', priority: 5 })).status).toBe(200);
        expect((await call('dealer', 'GET', '/api/v1/catalog/offers/off-cash')).body).toMatchObject({ exclusivityGroup: 'cash', priority: 5, ownerNodeId: 'nsc-us' });
        expect((await call('nscDe', 'GET', '/api/v1/catalog/offers/off-cash')).status).toBe(404);
        expect((await call('nscDe', 'PUT', '/api/v1/catalog/offers/off-cash', { ...matrixCatalogOffer, ownerNodeId: 'nsc-de' })).status).toBe(404);
        expect((await call('nscDe', 'GET', '/api/v1/catalog/offers')).body.items).toEqual([]);
      });

      it('checks a vehicle against every offer, with a reason per condition and consent as it was at the time', async () => {
        await call('nsc', 'PUT', '/api/v1/catalog/offers/off-cash', { ...matrixCatalogOffer, rules: [...matrixCatalogOffer.rules, { code: 'consent', params: { purpose: 'telematics_marketing', channel: 'any' } }] });
        const before = await call('dealer', 'POST', '/api/v1/catalog/eligibility', { vin: vin('own-1'), at: '2026-03-10T00:00:00.000Z', offerIds: ['off-cash'] });
        expect(before.status).toBe(200);
        expect(before.body.items[0]).toMatchObject({ offerId: 'off-cash', eligible: true });
        expect(before.body.items[0].reasons.map((r: { code: string }) => r.code)).toEqual(['offer_valid', 'offer_market', 'market', 'consent']);
        const after = await call('dealer', 'POST', '/api/v1/catalog/eligibility', { vin: vin('own-1'), offerIds: ['off-cash'] });
        expect(after.body.items[0].eligible).toBe(false);
        expect(after.body.items[0].reasons.find((r: { code: string }) => r.code === 'consent')).toMatchObject({ passed: false, detail: expect.stringMatching(/withdrawn/) });
        expect((await call('dealer', 'POST', '/api/v1/catalog/eligibility', { vin: vin('own-3') })).status).toBe(404);
      });

      it('arbitrates with the fund\'s remaining budget from the ledger, so the cap is reached mid-batch', async () => {
        await call('nsc', 'PUT', '/api/v1/funds/fund-cash', { programId: 'prg-spring', tierNodeId: 'nsc-us', currency: 'USD', budgetMinor: 120_000 });
        await call('nsc', 'PUT', '/api/v1/catalog/offers/off-cash', { ...matrixCatalogOffer, fundId: 'fund-cash' });
        const res = await call('nsc', 'POST', '/api/v1/catalog/arbitrate', {
          customers: ['c-1', 'c-2', 'c-3'].map((customerId) => ({ customerId, candidates: [{ offerId: 'off-cash', channel: 'email' }] })),
        });
        expect(res.status).toBe(200);
        expect(res.body.decisions.map((d: { granted: unknown[]; refused: { code: string }[] }) => d.granted.length > 0 ? 'granted' : d.refused[0]?.code)).toEqual(['granted', 'granted', 'budget_cap']);
        expect(res.body.budgets).toEqual({ 'fund-cash': 20_000 });
      });

      it('resolves an OEM offer against a dealer\'s and explains the resolution', async () => {
        await call('nsc', 'PUT', '/api/v1/catalog/offers/off-dealer-bonus', {
          ...matrixCatalogOffer, ownerNodeId: 'dlr-b', kind: 'dealer_funded', name: 'Sierra bonus', terms: { amountMinor: 90_000, dealerId: 'dlr-b' }, rules: [],
        });
        const res = await call('nsc', 'POST', '/api/v1/catalog/conflicts', { customer: { id: 'own-1', postalCode: '94110', homeDealerId: 'dlr-a' }, offerIds: ['off-cash', 'off-dealer-bonus'] });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ conflict: true, kinds: ['tier'], winner: 'off-cash', suppressed: [{ offerId: 'off-dealer-bonus', code: 'not_primary_dealer' }] });
        expect(res.body.explanation[0]).toMatch(/primary dealer: dlr-a/);
        expect((await call('dealer', 'POST', '/api/v1/catalog/conflicts', { customer: { id: 'own-1', postalCode: null, homeDealerId: 'dlr-a' }, offerIds: ['off-dealer-bonus'] })).status).toBe(404);
      });
    });
  });
}
