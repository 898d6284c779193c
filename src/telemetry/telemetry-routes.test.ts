import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createAuthenticator, createCounters, type Counters } from '../app';
import { identityStore } from '../identity';
import { fixedClock } from '../kernel';
import { openStore, type Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { encodeCompactBatch } from './compact-batch';
import { registerTelemetryRoutes } from './telemetry-routes';
import { telemetryStore } from './telemetry-store';

const now = new Date('2026-04-01T10:00:00Z');
const vinOf = (ownerId: string): string => fixture.vehicles.find((v) => v.ownerId === ownerId)!.vin;

describe('telemetry routes (PGlite, through inject)', () => {
  let store: Store;
  let app: FastifyInstance;
  let counters: Counters;
  const key: Record<string, string> = {};

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await loadFixture(store);
    await store.customers.recordConsent(fixture.consent); // own-1 grants telematics_marketing
    const identity = identityStore(store.db);
    key.gateway = (await identity.createApiKey({ name: 'gw', nodeId: 'oem', role: 'telematics_gateway' })).key;
    key.admin = (await identity.createApiKey({ name: 'admin', nodeId: 'oem', role: 'oem_admin' })).key;
    key.dealer = (await identity.createApiKey({ name: 'dealer', nodeId: 'dlr-a', role: 'dealer_principal' })).key;
    counters = createCounters();
    app = await createApp({ store, identity, counters, clock: fixedClock(now), authenticate: createAuthenticator(identity), logLevel: 'silent', rateLimitPerMinute: false }, [registerTelemetryRoutes]);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const post = (contentType: string, payload: string | Buffer, who = key.gateway) =>
    app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${who}`, 'content-type': contentType }, payload });
  const get = (url: string, who = key.admin) => app.inject({ url, headers: { authorization: `Bearer ${who}` } });

  it('accepts JSON, NDJSON and compact binary bodies and answers with counts per reason', async () => {
    const t = now.getTime() - 120_000;
    const json = await post('application/json', JSON.stringify([{ vin: vinOf('own-1'), path: 'Vehicle.Speed', value: 80, ts: t }, { vin: vinOf('own-1'), path: 'Vehicle.Speed', value: -5, ts: t }]));
    expect(json.statusCode).toBe(202);
    expect(json.json()).toMatchObject({ offered: 2, accepted: 1, rejected: 1, byReason: { out_of_range: 1 } });
    const nd = await post('application/x-ndjson', `${JSON.stringify({ vin: vinOf('own-2'), path: 'Vehicle.Speed', value: 20, ts: t })}\n{not json\n`);
    expect(nd.json()).toMatchObject({ offered: 2, accepted: 1, rejected: 1 });
    const frame = encodeCompactBatch({ vin: vinOf('own-1'), t0: t, seq: 1, ts: Float64Array.from([1000, 2000]), paths: ['Vehicle.Speed', 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed'], columns: [Float64Array.from([70, 75]), Float64Array.from([55, 54])] });
    const bin = await post('application/vnd.forecourt.tlm-compact', Buffer.from(frame));
    expect(bin.json()).toMatchObject({ offered: 4, accepted: 4, rejected: 0 });
    expect(counters.get('telemetry.points.accepted')).toBe(6);
    expect(counters.get('telemetry.points.rejected')).toBe(2);
  });

  it('quarantines an unsupported content type and answers 415 with the counts', async () => {
    const res = await post('text/plain', 'speed=80');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { rejected: 1, byReason: { unsupported_media_type: 1 } } });
  });

  it('lists the quarantine with reasons and totals (telemetry.read); the gateway may not read it', async () => {
    const res = await get('/api/v1/telemetry/quarantine?limit=10');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totals).toMatchObject({ out_of_range: 1, malformed_payload: 1, unsupported_media_type: 1 });
    expect(body.items[0]).toMatchObject({ reason: 'unsupported_media_type', transport: 'http' });
    expect((await get('/api/v1/telemetry/quarantine', key.gateway)).statusCode).toBe(403);
  });

  it('returns features only with telematics_marketing consent, each with its basis; other tenants get 404', async () => {
    const withConsent = (await get(`/api/v1/vehicles/${vinOf('own-1')}/features`, key.dealer)).json();
    expect(withConsent).toMatchObject({ usable: true, from: 'live' });
    const speedy = withConsent.features.find((f: { code: string }) => f.code === 'distance_per_week');
    expect(speedy).toMatchObject({ source: 'telemetry', basis: { purpose: 'telematics_marketing', channel: 'any', granted: true } });
    const without = (await get(`/api/v1/vehicles/${vinOf('own-2')}/features`, key.dealer)).json();
    expect(without).toMatchObject({ usable: false, features: [], reasons: ['no_telematics_marketing_consent'] });
    expect((await get(`/api/v1/vehicles/${vinOf('own-3')}/features`, key.dealer)).statusCode).toBe(404);
  });

  it('reads features from the stored snapshot after a restart of the runtime', async () => {
    await app.close();
    const identity = identityStore(store.db);
    app = await createApp({ store, identity, counters, clock: fixedClock(now), authenticate: createAuthenticator(identity), logLevel: 'silent', rateLimitPerMinute: false }, [registerTelemetryRoutes]);
    await app.ready();
    expect(await telemetryStore(store.db).snapshot(vinOf('own-1'))).toBeDefined();
    const res = (await get(`/api/v1/vehicles/${vinOf('own-1')}/features`, key.dealer)).json();
    expect(res.usable).toBe(true);
    expect(res.features.length).toBeGreaterThan(10);
  });

  it('V2X area statistics: too fine is 400, and an exhausted privacy budget is 429 RATE_LIMITED', async () => {
    const fine = await get('/api/v1/v2x/area-stats?h3Resolution=9&epsilon=0.1');
    expect(fine.statusCode).toBe(400);
    expect(fine.json().details).toMatchObject({ reason: 'granularity_too_fine' });
    for (let i = 0; i < 2; i++) expect((await get('/api/v1/v2x/area-stats?epsilon=0.5')).statusCode).toBe(200);
    const refused = await get('/api/v1/v2x/area-stats?epsilon=0.5');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'privacy_budget_exhausted', spent: { day: 1 } } });
  });
});
