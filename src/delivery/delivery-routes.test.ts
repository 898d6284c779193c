import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, createCounters, type Authenticator } from '../app';
import type { Principal, Role } from '../identity';
import { fixedClock } from '../kernel';
import { catalogStore, parseCatalogOffer } from '../offers';
import { globalScope, type Store } from '../store';
import { brakeOffer } from './delivery-fixture';
import { openDeliveryTestStore, resetDeliveryState } from './delivery-test-setup-io';
import { registerDeliveryRoutes } from './delivery-routes';
import { outboxStore } from './outbox-store';

const seats: Record<string, { nodeId: string; nodePath: string; role: Role }> = {
  nsc: { nodeId: 'nsc-us', nodePath: '/oem/nsc-us/', role: 'nsc_marketing' },
  dealerA: { nodeId: 'dlr-a', nodePath: '/oem/nsc-us/dist-us-west/dlr-a/', role: 'dealer_principal' },
  dealerB: { nodeId: 'dlr-b', nodePath: '/oem/nsc-us/dist-us-west/dlr-b/', role: 'dealer_principal' },
  reviewer: { nodeId: 'oem', nodePath: '/oem/', role: 'compliance_reviewer' },
};

describe('delivery routes', () => {
  let store: Store;
  let app: FastifyInstance;
  let as: keyof typeof seats = 'nsc';

  beforeAll(async () => {
    store = await openDeliveryTestStore();
    await catalogStore(store.db).put(globalScope, parseCatalogOffer({ ...brakeOffer, id: 'off-apr', kind: 'apr_financing', name: 'Low APR', terms: { aprPct: 3.9, termMonths: 60 } }));
    const authenticate: Authenticator = async () => ({ actorId: `key-${as}`, kind: 'api_key', ...seats[as]! }) satisfies Principal;
    app = await createApp({ store, counters: createCounters(), clock: fixedClock('2026-04-01T10:00:00Z'), authenticate, logLevel: 'silent', rateLimitPerMinute: false }, [registerDeliveryRoutes]);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });
  beforeEach(async () => {
    await resetDeliveryState(store);
    as = 'nsc';
  });

  const call = (seat: keyof typeof seats, method: 'GET' | 'POST', url: string, body?: unknown) => {
    as = seat;
    return app.inject({ method, url, ...(body !== undefined ? { payload: body as object } : {}) });
  };

  it('enqueues through the gate and answers per owner; status is tenant-scoped', async () => {
    const res = await call('nsc', 'POST', '/api/v1/deliveries', { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['push'] });
    expect(res.statusCode).toBe(200);
    const push = res.json().owners[0].deliveries.find((d: { channel: string }) => d.channel === 'push');
    expect(push.status).toBe('queued');
    const mine = await call('dealerA', 'GET', `/api/v1/deliveries/${push.outboxId}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ id: push.outboxId, channel: 'push', status: 'queued', offerId: 'off-brake-pads' });
    expect(mine.body).not.toContain('ana@example.com');
    const other = await call('dealerB', 'GET', `/api/v1/deliveries/${push.outboxId}`);
    const missing = await call('dealerB', 'GET', `/api/v1/deliveries/dlv-${'0'.repeat(32)}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe(missing.body);
    expect((await call('dealerA', 'GET', '/api/v1/owners/own-1/deliveries')).json().items).toHaveLength(1);
    expect((await call('dealerB', 'GET', '/api/v1/owners/own-1/deliveries')).statusCode).toBe(404);
  });

  it('a batch naming another tenant’s owner is a 404 and enqueues nothing; unknown fields are 400', async () => {
    const dealerSend = await call('nsc', 'POST', '/api/v1/deliveries', { offerId: 'off-brake-pads', ownerIds: ['own-1', 'own-4'], channels: ['push'] });
    expect(dealerSend.statusCode).toBe(404);
    expect(await outboxStore(store.db).list()).toEqual([]);
    expect((await call('nsc', 'POST', '/api/v1/deliveries', { offerId: 'off-brake-pads', ownerIds: ['own-1'], text: 'Free car!' })).statusCode).toBe(400);
  });

  it('blocked copy is reported with reasons and listed for reviewers', async () => {
    const res = await call('nsc', 'POST', '/api/v1/deliveries', { offerId: 'off-apr', ownerIds: ['own-1'], channels: ['push'] });
    expect(res.json().owners[0]).toMatchObject({ status: 'blocked' });
    const reviews = await call('reviewer', 'GET', '/api/v1/delivery-reviews');
    expect(reviews.json().items).toEqual([expect.objectContaining({ offerId: 'off-apr', channel: 'push', status: 'pending' })]);
  });

  it('dealer leads come out as ADF for the owning dealer only', async () => {
    await call('nsc', 'POST', '/api/v1/deliveries', { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['dealer_crm'] });
    const leads = await call('dealerA', 'GET', '/api/v1/dealers/dlr-a/leads');
    expect(leads.statusCode).toBe(200);
    expect(leads.json().items[0].adf).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<\?adf version="1.0"\?>\n<adf>/);
    expect((await call('dealerA', 'GET', '/api/v1/dealers/dlr-b/leads')).statusCode).toBe(404);
  });

  it('the dealer verifies a code once; another dealer cannot see it; a forged code is invalid', async () => {
    await call('nsc', 'POST', '/api/v1/deliveries', { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['push'] });
    const code = ((await outboxStore(store.db).list())[0]!.stored.message as { offer: { redemptionCode: string } }).offer.redemptionCode;
    expect((await call('dealerB', 'POST', '/api/v1/redemptions/verify', { code })).statusCode).toBe(404);
    expect((await call('dealerA', 'POST', '/api/v1/redemptions/verify', { code })).json()).toMatchObject({ status: 'redeemed', offerId: 'off-brake-pads' });
    expect((await call('dealerA', 'POST', '/api/v1/redemptions/verify', { code })).json()).toMatchObject({ status: 'already_redeemed' });
    const forged = `${code.slice(0, -2)}${code.endsWith('00') ? '11' : '00'}`;
    expect((await call('dealerA', 'POST', '/api/v1/redemptions/verify', { code: forged })).json()).toMatchObject({ status: 'invalid' });
  });
});
