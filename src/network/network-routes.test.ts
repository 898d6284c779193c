import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createAuthenticator, createCounters } from '../app';
import { identityStore } from '../identity';
import { fixedClock } from '../kernel';
import { openStore, type Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { registerNetworkCapabilityRoutes } from './network-routes';

let app: FastifyInstance;
let store: Store;
const keys: Record<string, string> = {};

async function call(who: string, method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown) {
  const res = await app.inject({
    method, url, headers: { authorization: `Bearer ${keys[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.json() };
}

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadFixture(store);
  const identity = identityStore(store.db);
  keys.dist = (await identity.createApiKey({ name: 'dist', nodeId: 'dist-us-west', role: 'distributor' })).key;
  keys.dealer = (await identity.createApiKey({ name: 'a', nodeId: 'dlr-a', role: 'dealer_service' })).key;
  app = await createApp({ store, identity, counters: createCounters(), clock: fixedClock('2026-04-01T10:00:00Z'), authenticate: createAuthenticator(identity), logLevel: 'silent' }, [registerNetworkCapabilityRoutes]);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('network API', () => {
  it('rejects a malformed JSON import with every bad row and its line, and imports nothing', async () => {
    const content = JSON.stringify([
      { record: 'dealer', id: 'dlr-json', parentId: 'dist-us-west', name: 'Json Motors', market: 'US', code: 'USA200', lat: 37, lon: -122, territory: ['950'], serviceBaysPerDay: 3, technicians: [], competitionIndex: 0.1 },
      { record: 'stock', dealerId: 'dlr-json', sku: 'X', kind: 'gadget', quantity: 1 },
      { record: 'booking', id: 'b1', dealerId: 'dlr-b', day: '2026-02-30', competency: 'general', hours: 2 },
    ], null, 1);
    const res = await call('dist', 'POST', '/api/v1/network/import', { format: 'json', content });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    // Each element's line is the line of its opening brace, just above its "record" line.
    const startOf = (record: string): number => content.split('\n').findIndex((l) => l.includes(`"record": "${record}"`));
    expect(res.body.details.problems.map((p: { line: number; field: string }) => `${p.line}:${p.field}`)).toEqual([`${startOf('stock')}:kind`, `${startOf('booking')}:day`]);
    expect((await call('dist', 'GET', '/api/v1/network/utilisation?from=2026-04-01&days=1')).body.items.map((u: { dealerId: string }) => u.dealerId)).toEqual(['dlr-a', 'dlr-b']);
  });

  it('imports a valid file, then shows the new dealer on the utilisation map', async () => {
    const content = 'record,id,parentId,name,market,code,lat,lon,territory,serviceBaysPerDay,technicians,competitionIndex\ndealer,dlr-csv,dist-us-west,Csv Motors,US,USA201,37.3,-121.9,951,2,general:2:8,0.5\n';
    const res = await call('dist', 'POST', '/api/v1/network/import', { format: 'csv', content });
    expect(res.status).toBe(201);
    expect(res.body.counts).toMatchObject({ nodes: 1, dealers: 1 });
    const map = await call('dist', 'GET', '/api/v1/network/utilisation?from=2026-04-01&days=7');
    expect(map.body.items.find((u: { dealerId: string }) => u.dealerId === 'dlr-csv')).toMatchObject({ capacityHours: 96, bookedHours: 0, ratio: 0 });
  });

  it('books workshop time until it is full, then answers 409 with the reason', async () => {
    const ok = await call('dist', 'POST', '/api/v1/network/dealers/dlr-csv/bookings', { day: '2026-04-02', competency: 'general', hours: 12 });
    expect(ok.status).toBe(201);
    const full = await call('dist', 'POST', '/api/v1/network/dealers/dlr-csv/bookings', { day: '2026-04-02', competency: 'general', hours: 5 });
    expect(full.status).toBe(409);
    expect(full.body.details).toEqual({ code: 'no_hours' });
    const day = (await call('dist', 'GET', '/api/v1/network/dealers/dlr-csv/calendar?from=2026-04-02&days=1')).body.days[0];
    expect(day).toMatchObject({ capacityHours: 16, bookedHours: 12, ratio: 0.75 });
    expect((await call('dealer', 'POST', '/api/v1/network/dealers/dlr-a/bookings', { day: '2026-04-02', competency: 'general', hours: 1 })).status).toBe(403);
  });

  it('answers which dealers can deliver an offer to a vehicle owner, with reasons', async () => {
    const res = await call('dealer', 'POST', '/api/v1/network/deliver', { offerId: 'off-brakes', vin: fixture.vehicles[0]!.vin, withinDays: 2, postalCode: '94110' });
    expect(res.status).toBe(200);
    expect(res.body.candidates).toHaveLength(1);
    expect(res.body.candidates[0]).toMatchObject({ dealerId: 'dlr-a', canDeliver: true, earliestDay: '2026-04-01', homeDealer: true });
    expect(res.body.candidates[0].reasons.map((r: { code: string }) => r.code)).toEqual(['in_territory', 'certified', 'in_stock', 'capacity_in_window']);
    const other = await call('dealer', 'POST', '/api/v1/network/deliver', { offerId: 'off-brakes', vin: fixture.vehicles[2]!.vin, withinDays: 2 });
    expect(other.status).toBe(404);
  });
});
