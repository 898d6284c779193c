import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createAuthenticator, createCounters } from '../app';
import { identityStore } from '../identity';
import { openStore, type Store } from '../store';
import { loadFixture } from '../testing';
import { registerModelsRoutes } from './models-routes';
import { seedModelLogs } from './models-store';

describe('models and measurement API (PGlite)', () => {
  let app: FastifyInstance;
  let store: Store;
  let key = '';
  const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  const train = (body: unknown) => app.inject({ method: 'POST', url: '/api/v1/models/train', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await loadFixture(store);
    const identity = identityStore(store.db);
    // Head office sees the whole network's logs (the simulated owners are not in the fixture's tenants).
    key = (await identity.createApiKey({ name: 'oem', nodeId: 'oem', role: 'oem_admin' })).key;
    app = await createApp({ store, identity, counters: createCounters(), clock: () => new Date('2026-05-01T00:00:00Z'), authenticate: createAuthenticator(identity), logLevel: 'silent' }, [registerModelsRoutes]);
    await app.ready();
  }, 60_000);
  afterAll(async () => { await app?.close(); await store?.close(); });

  it('refuses to train without logs, and has no charts yet', async () => {
    const res = await train({});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
    expect((await get('/api/v1/measurement/charts/lift.svg')).statusCode).toBe(404);
    expect((await get('/api/v1/measurement/report')).json().campaign).toBeNull();
  });

  it('trains on stored logs, lists the version, and reports lift as JSON, CSV and SVG', async () => {
    await seedModelLogs(store.db, { seed: 4, vehicles: 150, months: 6 });
    // The simulated owners become customers of the fixture's US dealers (alternately A and B): the report is scoped by their home dealer.
    const { rows: simulated } = await store.db.query<{ owner_id: string }>('SELECT DISTINCT owner_id FROM model_exposures ORDER BY owner_id');
    await store.customers.upsertOwners(simulated.map((r, i) => ({ id: r.owner_id, market: 'US', displayName: r.owner_id, email: null, phone: null, language: 'en' as const, homeDealerId: i % 2 === 0 ? 'dlr-a' : 'dlr-b' })));
    const res = await train({ method: 't-learner', base: 'logistic' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ id: 'service-offer-uplift@1', status: 'candidate', method: 't-learner' });
    expect((await train({ unknown: 1 })).statusCode).toBe(400);
    expect((await get('/api/v1/models/versions')).json().items.map((v: { id: string }) => v.id)).toEqual(['service-offer-uplift@1']);
    const report = (await get('/api/v1/measurement/report')).json();
    expect(report.lift.map((l: { arm: string }) => l.arm)).toEqual(['service-0', 'service-10']);
    expect(report.audit.model).toBe('service-offer-uplift@1');
    expect(Object.keys(report.charts)).toEqual(['lift', 'post-event', 'cohorts']);
    const csv = await get('/api/v1/measurement/report?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('section,arm,treated,control,treatedRate,controlRate,difference,lower,upper,promotion,baselineMethod,salesDuring,baselineDuring,lift,pullForward,cannibalisation,netIncrementalSales,incrementalMargin,fundSpend,roi,cohort,period,customers,retention,repurchase,model,passed,discountCorrelation,findings');
    expect(lines[1]).toMatch(new RegExp(`^lift,service-0,${report.lift[0].treated},${report.lift[0].control},`));
    for (const name of ['lift', 'post-event', 'cohorts']) {
      const svg = await get(`/api/v1/measurement/charts/${name}.svg`);
      expect(svg.statusCode).toBe(200);
      expect(svg.headers['content-type']).toContain('image/svg+xml');
      expect(svg.body).toMatch(/^<svg[\s\S]*<\/svg>$/);
    }
    expect((await get('/api/v1/measurement/charts/other.svg')).statusCode).toBe(400);

    // Dealer A sees only its own customers' exposures, as released aggregates (noisy counts, small cells withheld).
    const dealerKey = (await identityStore(store.db).createApiKey({ name: 'dlr-a', nodeId: 'dlr-a', role: 'dealer_principal' })).key;
    const dealer = (await app.inject({ url: '/api/v1/measurement/report', headers: { authorization: `Bearer ${dealerKey}` } })).json();
    expect(dealer.privacy).toMatchObject({ level: 'dealer', k: 20 });
    expect(report.privacy).toBeNull();
    expect(dealer.exposures).toBeLessThan(report.exposures * 0.75);
    expect(dealer.exposures).toBeGreaterThan(report.exposures * 0.25);
    for (const l of dealer.lift) expect(l.treated).toBeLessThan(report.lift.find((x: { arm: string }) => x.arm === l.arm).treated * 0.75);
    const svg = await app.inject({ url: '/api/v1/measurement/charts/lift.svg', headers: { authorization: `Bearer ${dealerKey}` } });
    expect(svg.statusCode).toBe(200);
    // The decision log of a customer is read in scope: dealer A reads its own customer, another dealer's is 404.
    const first = simulated[0]!.owner_id, second = simulated[1]!.owner_id;
    expect((await app.inject({ url: `/api/v1/decisions?ownerId=${first}`, headers: { authorization: `Bearer ${dealerKey}` } })).json()).toEqual({ items: [] });
    expect((await app.inject({ url: `/api/v1/decisions?ownerId=${second}`, headers: { authorization: `Bearer ${dealerKey}` } })).statusCode).toBe(404);
  }, 60_000);
});
