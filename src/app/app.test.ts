import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../kernel';
import { openStore, type Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { identityStore } from '../identity';
import { createApp, createAuthenticator, createCounters } from './index';

let app: FastifyInstance;
let store: Store;
const counters = createCounters();
/** Real API keys: head office (catalog, network) and the data-protection officer (personal data). */
const keys: Record<'admin' | 'dpo', string> = { admin: '', dpo: '' };

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadFixture(store);
  const identity = identityStore(store.db);
  keys.admin = (await identity.createApiKey({ name: 'test admin', nodeId: 'oem', role: 'oem_admin' })).key;
  keys.dpo = (await identity.createApiKey({ name: 'test dpo', nodeId: 'oem', role: 'dpo' })).key;
  app = await createApp({ store, counters, identity, authenticate: createAuthenticator(identity), clock: fixedClock('2026-04-01T10:00:00Z'), logLevel: 'silent', version: 'test' });
});

/** GET as a role (admin for catalog and network, dpo for personal data). */
const get = (url: string, as: 'admin' | 'dpo' = 'admin') => app.inject({ url, headers: { authorization: `Bearer ${keys[as]}` } });
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const json = (body: unknown, as: 'admin' | 'dpo' = 'dpo') => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[as]}` } });

describe('health and docs', () => {
  it('answers liveness and readiness', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok', version: 'test' });
    expect((await app.inject('/ready')).json()).toEqual({ status: 'ready', database: 'pglite' });
  });

  it('serves an OpenAPI document that lists every route with its schemas', async () => {
    const doc = (await app.inject('/docs/json')).json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/health', '/ready', '/api/v1/overview', '/api/v1/dealers', '/api/v1/dealers/{id}', '/api/v1/vehicles/{vin}', '/api/v1/owners/{id}/consents', '/api/v1/offers']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(Object.keys(doc.paths['/api/v1/dealers/{id}']!.get!.responses)).toEqual(expect.arrayContaining(['200', '404']));
    expect((await app.inject('/docs')).statusCode).toBeLessThan(400);
  });
});

describe('read API', () => {
  it('gives an overview whose numbers match the data', async () => {
    const o = (await get('/api/v1/overview')).json();
    expect(o.totals).toMatchObject({ markets: 4, dealers: 3, vehicles: 4, owners: 4, offers: 1 });
    expect(o.database).toBe('pglite');
    expect(o.generatedAt).toBe('2026-04-01T10:00:00.000Z');
  });

  it('filters dealers by market and returns one dealer by id', async () => {
    const de = (await get('/api/v1/dealers?market=DE')).json();
    expect(de.items.map((d: { id: string }) => d.id)).toEqual(['dlr-c']);
    const a = (await get('/api/v1/dealers/dlr-a')).json();
    expect(a.technicians).toContainEqual({ competency: 'adas_calibration', technicians: 1, hoursPerDay: 6 });
  });

  it('answers a missing object with the same 404 body as any unknown id', async () => {
    const missing = await get('/api/v1/dealers/dlr-zzz');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: 'NOT_FOUND', message: 'Not found' });
    const unknownRoute = await get('/api/v1/nothing-here');
    expect(unknownRoute.statusCode).toBe(404);
    expect(unknownRoute.json().code).toBe('NOT_FOUND');
  });

  it('validates a VIN in the path', async () => {
    const bad = await get('/api/v1/vehicles/1HLVR2B50TA001000', 'dpo');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const good = await get(`/api/v1/vehicles/${fixture.vehicles[0]!.vin}`, 'dpo');
    expect(good.json()).toEqual(fixture.vehicles[0]);
  });

  it('pages vehicles and refuses out-of-range limits', async () => {
    const page = (await get('/api/v1/vehicles?limit=2', 'dpo')).json();
    expect(page.items).toHaveLength(2);
    expect(page.next).toBe(page.items[1].vin);
    expect((await get('/api/v1/vehicles?limit=100000', 'dpo')).statusCode).toBe(400);
  });

  it('marks API responses as not cacheable', async () => {
    expect((await get('/api/v1/overview')).headers['cache-control']).toBe('no-store');
  });
});

describe('consent API', () => {
  it('records a consent change with its history and counts it', async () => {
    const before = counters.get('consent.changes');
    const res = await app.inject({ method: 'POST', url: '/api/v1/owners/own-2/consents', ...json({ purpose: 'marketing_contact', channel: 'email', granted: true, source: 'app', actor: 'own-2' }) });
    expect(res.statusCode).toBe(201);
    expect(res.json().at).toBe('2026-04-01T10:00:00.000Z');
    const state = (await get('/api/v1/owners/own-2/consents', 'dpo')).json();
    expect(state.state).toEqual({ 'marketing_contact:email': true });
    expect(state.history).toHaveLength(1);
    expect(counters.get('consent.changes')).toBe(before + 1);
  });

  it('404s consent for an unknown owner and records nothing', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/owners/own-999/consents', ...json({ purpose: 'profiling', channel: 'any', granted: true, source: 'app', actor: 'x' }) });
    expect(res.statusCode).toBe(404);
  });
});

describe('bad input never crashes and gets a stable code', () => {
  const url = '/api/v1/owners/own-3/consents';
  const valid = { purpose: 'profiling', channel: 'any', granted: false, source: 'support', actor: 'agent-1' };

  it.each([
    ['string for boolean (IN-19)', { ...valid, granted: 'false' }],
    ['number for boolean (IN-19)', { ...valid, granted: 0 }],
    ['object where string expected (IN-03)', { ...valid, actor: { $ne: null } }],
    ['mass assignment of an unknown field (AZ-04)', { ...valid, ownerId: 'own-1' }],
    ['empty actor (IN-20)', { ...valid, actor: '' }],
    ['unknown purpose', { ...valid, purpose: 'everything' }],
  ])('%s → 400 VALIDATION_FAILED and nothing recorded', async (_name, body) => {
    const res = await app.inject({ method: 'POST', url, ...json(body) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect((await get(url, 'dpo')).json().history).toEqual([]);
  });

  it('rejects prototype pollution (IN-04) and leaves Object.prototype clean', async () => {
    const res = await app.inject({ method: 'POST', url, payload: '{"__proto__":{"isAdmin":true},"purpose":"profiling"}', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.dpo}` } });
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await app.inject({ method: 'POST', url, payload: '{"purpose": ', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.dpo}` } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('rejects a non-JSON content type with 415 (IN-09)', async () => {
    const res = await app.inject({ method: 'POST', url, payload: 'purpose=profiling', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${keys.dpo}` } });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a body over 1 MiB with 413 (IN-08)', async () => {
    const res = await app.inject({ method: 'POST', url, ...json({ ...valid, actor: 'x'.repeat(1_100_000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rejects parameter pollution ?market=US&market=DE (IN-10)', async () => {
    const res = await get('/api/v1/dealers?market=US&market=DE');
    expect(res.statusCode).toBe(400);
  });

  it('treats SQL in parameters as data (IN-01)', async () => {
    const res = await get(`/api/v1/vehicles?after=${encodeURIComponent("' OR '1'='1")}`, 'dpo');
    expect(res.statusCode).toBe(200);
    expect((await get('/api/v1/overview')).json().totals.vehicles).toBe(4);
  });
});
