import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createCounters, type Authenticator } from '../app';
import type { Role } from '../identity';
import { openStore, type Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { handsOffOffer, hw2Variant, releaseFleet, sampleApproval, sampleRelease, sampleTemplate } from './release-fixtures';
import { createReleaseRoutes, registerReleaseRoutes, webhookKeysFromEnv } from './releases-routes';
import { signWebhook } from './webhook-signature';

const secret = 'route-test-secret-0123456789';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const counters = createCounters();
let now = new Date('2026-04-01T12:00:00.000Z');
let app: FastifyInstance;
let store: Store;
const fleet = releaseFleet();

/** The caller's role comes from a test header; no header means no credential. */
const authenticate: Authenticator = async (req) => {
  const role = req.headers['x-test-role'];
  return typeof role === 'string' ? { actorId: 'test', kind: 'api_key', nodeId: 'oem', nodePath: '/oem/', role: role as Role } : undefined;
};

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadFixture(store);
  await store.customers.upsertHardwareVariant(hw2Variant);
  await store.customers.upsertVehicles(fleet.vehicles);
  await store.programs.upsertOffer(handsOffOffer);
  const routes = createReleaseRoutes({ webhookKeys: { hmacSecrets: [secret], ed25519PublicKeys: [publicKey.export({ type: 'spki', format: 'pem' }).toString()] } });
  app = await createApp({ store, counters, authenticate, clock: () => now, logLevel: 'silent', version: 'test' }, [routes]);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const as = (role: Role) => ({ 'x-test-role': role });
/** Releases, approvals and update reports are the release manager's; campaigns are marketing's. */
const writerFor = (url: string): Role => (/\/api\/v1\/(releases|approvals|vehicle-updates)$/.test(url) ? 'release_manager' : 'oem_admin');
const post = (url: string, body: unknown, role: Role = writerFor(url)) => app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...as(role) } });
const get = (url: string, role: Role = 'oem_admin') => app.inject({ url, headers: as(role) });
const campaign = async () => (await get('/api/v1/release-campaigns/cmp-hands-off', 'dpo')).json() as {
  assignments: { vin: string; status: string; arm: string }[];
  retractions: { vin: string; action: string; reason: string }[];
};
const at = (iso: string) => { now = new Date(iso); };

let eventSeq = 0;
function webhook(type: string, data: unknown, opts: { id?: string; sign?: 'hmac' | 'ed25519' | 'none'; timestamp?: number; tamper?: boolean } = {}) {
  const raw = JSON.stringify({ id: opts.id ?? `evt-route-${++eventSeq}`, type, data });
  const ts = opts.timestamp ?? now.getTime() / 1000;
  const headers = opts.sign === 'none' ? {} : opts.sign === 'ed25519' ? signWebhook({ rawBody: raw, timestamp: ts, ed25519PrivateKey: privateKey }) : signWebhook({ rawBody: raw, timestamp: ts, hmacSecret: secret });
  return { method: 'POST' as const, url: '/api/v1/webhooks/releases', payload: opts.tamper ? raw.replace('"US"', '"DE"') : raw, headers: { 'content-type': 'application/json', ...headers } };
}

describe('release-synchronised campaign, end to end through the routes (PGlite)', () => {
  const target = fleet.vehicles.filter((v) => fleet.expected[v.vin] === 'target').map((v) => v.vin);
  const fixtureUs = fixture.vehicles.filter((v) => v.market === 'US').map((v) => v.vin);
  const rolledBack = fleet.vehicles[0]!.vin;

  it('waits for an approval: a template and a release alone launch nothing', async () => {
    at('2026-04-01T12:00:00.000Z');
    expect((await post('/api/v1/release-campaigns', sampleTemplate())).statusCode).toBe(201);
    const rel = await post('/api/v1/releases', sampleRelease());
    expect(rel.statusCode).toBe(201);
    expect(rel.json().sync.campaigns[0]).toMatchObject({ campaignId: 'cmp-hands-off', launched: false });
    expect((await campaign()).assignments).toEqual([]);
  });

  it('launches on the signed approval event and targets exactly the qualifying vehicles', async () => {
    at('2026-04-03T12:00:00.000Z');
    const res = await app.inject(webhook('approval', sampleApproval({ issuedAt: '2026-04-03T00:00:00.000Z', effectiveAt: '2026-04-03T00:00:00.000Z' })));
    expect(res.statusCode).toBe(202);
    expect(res.json().sync.campaigns[0]).toMatchObject({ launched: true, newTargets: target.length + fixtureUs.length });
    const c = await campaign();
    expect(c.assignments.map((a) => a.vin).sort()).toEqual([...target, ...fixtureUs].sort());
    expect(c.assignments.every((a) => a.status === 'pending' && a.arm === 'treatment')).toBe(true);
    const caps = (await get('/api/v1/certified-capabilities')).json();
    expect(caps.entries).toEqual([{ modelId: 'vireo', hardwareVariantId: 'vireo-hw3', versionRange: '>=4.5.0', market: 'US', tokens: ['L2_HANDS_OFF:mapped_motorway'] }]);
  });

  it('revokes the delivered card of a vehicle whose update rolls back, and nothing else', async () => {
    expect((await post('/api/v1/release-campaigns/cmp-hands-off/responses', { vin: rolledBack, kind: 'delivered' })).statusCode).toBe(201);
    at('2026-04-04T12:00:00.000Z');
    const report = (status: string, when: string) => post('/api/v1/vehicle-updates', { vin: rolledBack, version: '4.5.0', fromVersion: '4.2.0', status, at: when });
    expect((await report('pending', '2026-04-04T08:00:00.000Z')).json().accepted).toBe(true);
    expect((await report('installed', '2026-04-04T09:00:00.000Z')).json().accepted).toBe(true);
    expect((await campaign()).retractions).toEqual([]);
    const rb = await report('rolled_back', '2026-04-04T10:00:00.000Z');
    expect(rb.statusCode).toBe(202);
    expect(rb.json().sync.campaigns[0].retractions).toEqual([expect.objectContaining({ vin: rolledBack, action: 'revoke', reason: 'update_rolled_back' })]);
    const c = await campaign();
    expect(c.retractions).toEqual([expect.objectContaining({ vin: rolledBack, action: 'revoke', reason: 'update_rolled_back' })]);
    expect(c.assignments.find((a) => a.vin === rolledBack)?.status).toBe('revoked');
    expect(c.assignments.filter((a) => a.status === 'pending')).toHaveLength(target.length + fixtureUs.length - 1);
  });

  it('refuses an impossible update report as a value, without retracting anything', async () => {
    const res = await post('/api/v1/vehicle-updates', { vin: target[1]!, version: '4.5.0', fromVersion: '4.2.0', status: 'rolled_back', at: '2026-04-04T11:00:00.000Z' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ accepted: false, outcome: expect.stringContaining('invalid_transition') });
  });

  it('launches the late approval in another market (Ed25519-signed)', async () => {
    at('2026-06-01T12:00:00.000Z');
    const res = await app.inject(webhook('approval', sampleApproval({ market: 'DE', issuedAt: '2026-06-01T00:00:00.000Z', effectiveAt: '2026-06-01T00:00:00.000Z' }), { sign: 'ed25519' }));
    expect(res.statusCode).toBe(202);
    const de = (await campaign()).assignments.filter((a) => fixture.vehicles.concat(fleet.vehicles).find((v) => v.vin === a.vin)?.market === 'DE');
    expect(de).toHaveLength(2);
  });

  it('suppresses pending offers and revokes delivered ones when the approval is withdrawn', async () => {
    const delivered = target[1]!;
    await post('/api/v1/release-campaigns/cmp-hands-off/responses', { vin: delivered, kind: 'delivered' });
    at('2026-06-02T12:00:00.000Z');
    const res = await post('/api/v1/approvals', sampleApproval({ status: 'withdrawn', issuedAt: '2026-06-02T00:00:00.000Z', effectiveAt: '2026-06-02T00:00:00.000Z', certified: [] }));
    expect(res.statusCode).toBe(201);
    const c = await campaign();
    const usLive = c.retractions.filter((r) => r.reason === 'approval_withdrawn');
    expect(usLive).toContainEqual(expect.objectContaining({ vin: delivered, action: 'revoke' }));
    expect(usLive.filter((r) => r.action === 'suppress')).toHaveLength(target.length + fixtureUs.length - 2);
    expect((await get('/api/v1/certified-capabilities')).json().entries.map((e: { market: string }) => e.market)).toEqual(['DE']);
  });

  it('shows the release view per feature and market', async () => {
    expect((await post('/api/v1/release-campaigns/cmp-hands-off/responses', { vin: target[1]!, kind: 'converted' })).statusCode).toBe(201);
    expect((await post('/api/v1/release-campaigns/cmp-hands-off/responses', { vin: fleet.vehicles[2]!.vin, kind: 'converted' })).statusCode).toBe(404);
    const de = (await get('/api/v1/release-view?feature=hands_off_assist&market=DE')).json();
    expect(de).toMatchObject({ eligibleVehicles: 2, offersMade: 0, offersPending: 2, stage: 'early', rolloutShare: 1 });
    const us = (await get('/api/v1/release-view?feature=hands_off_assist&market=US')).json();
    expect(us).toMatchObject({ eligibleVehicles: 0, offersMade: 2, offersRetracted: target.length + fixtureUs.length, takeUp: { converted: 1, rate: 0.5 }, uplift: null });
    expect((await get('/api/v1/release-view?feature=hands_off_assist')).statusCode).toBe(400);
  });

  it('lists releases and answers one by version', async () => {
    expect((await get('/api/v1/releases')).json().items.map((r: { version: string }) => r.version)).toEqual(['4.5.0']);
    const one = (await get('/api/v1/releases/4.5.0')).json();
    expect(one).toMatchObject({ release: { version: '4.5.0' }, rolloutShare: 1 });
    expect(one.approvals.map((a: { market: string; status: string }) => `${a.market}:${a.status}`)).toEqual(['DE:approved', 'US:withdrawn']);
    expect((await get('/api/v1/releases/9.9.9')).statusCode).toBe(404);
    expect((await get('/api/v1/releases/not-a-version')).statusCode).toBe(400);
  });
});

describe('the release API refuses bad input and missing rights', () => {
  it('documents every release route in the OpenAPI document', async () => {
    const doc = (await app.inject('/docs/json')).json() as { paths: Record<string, unknown> };
    for (const p of ['/api/v1/releases', '/api/v1/releases/{version}', '/api/v1/approvals', '/api/v1/webhooks/releases', '/api/v1/release-view', '/api/v1/release-campaigns/{id}', '/api/v1/vehicle-updates']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  it.each([
    ['a release with an invalid range', '/api/v1/releases', { ...sampleRelease(), installableOn: 'four-ish' }],
    ['a release with waves out of order', '/api/v1/releases', { ...sampleRelease(), waves: [{ startsAt: '2026-04-05T00:00:00.000Z', share: 0.5 }, { startsAt: '2026-04-01T00:00:00.000Z', share: 1 }] }],
    ['an approval with an unknown field', '/api/v1/approvals', { ...sampleApproval(), approvedBy: 'me' }],
    ['an approval for an unknown market', '/api/v1/approvals', { ...sampleApproval(), market: 'XX' }],
    ['a malformed capability token', '/api/v1/approvals', { ...sampleApproval(), certified: [{ modelId: 'vireo', hardwareVariantId: 'vireo-hw3', versionRange: '>=4.5.0', tokens: ['hands off please'] }] }],
    ['an update report with a bad VIN', '/api/v1/vehicle-updates', { vin: 'NOPE', version: '4.5.0', fromVersion: '4.2.0', status: 'installed', at: '2026-04-04T09:00:00.000Z' }],
  ])('%s → 400', async (_name, url, body) => {
    const res = await post(url, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('needs a credential and the right permission', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/releases', payload: JSON.stringify(sampleRelease()), headers: { 'content-type': 'application/json' } })).statusCode).toBe(401);
    expect((await post('/api/v1/releases', sampleRelease(), 'dealer_service')).statusCode).toBe(403);
    expect((await get('/api/v1/release-campaigns/cmp-hands-off', 'oem_admin')).statusCode).toBe(403);
  });

  it('refuses a second campaign with the same id, and one for an unknown offer', async () => {
    expect((await post('/api/v1/release-campaigns', sampleTemplate())).statusCode).toBe(409);
    const res = await post('/api/v1/release-campaigns', sampleTemplate({ campaignId: 'cmp-other', offerId: 'off-nothing' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('off-nothing');
  });
});

describe('signed webhook: replayed, forged, stale, unsigned and malformed events are rejected and counted', () => {
  const approval = sampleApproval({ feature: 'eco_route', issuedAt: '2026-06-02T00:00:00.000Z', effectiveAt: '2026-06-02T00:00:00.000Z' });

  it('accepts a signed event once and rejects its replay', async () => {
    const req = webhook('approval', approval, { id: 'evt-replay-0001' });
    expect((await app.inject(req)).statusCode).toBe(202);
    const replay = await app.inject(req);
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ code: 'CONFLICT', details: { reason: 'replayed' } });
    // Re-signed with a fresh timestamp, the same event id is still a replay.
    const resigned = await app.inject(webhook('approval', approval, { id: 'evt-replay-0001' }));
    expect(resigned.json().details.reason).toBe('replayed');
  });

  it.each([
    ['forged (body changed after signing)', { tamper: true }, 401, 'forged'],
    ['unsigned', { sign: 'none' as const }, 401, 'unsigned'],
    ['stale (signed ten minutes ago)', { timestamp: new Date('2026-06-02T11:50:00.000Z').getTime() / 1000 }, 401, 'stale'],
  ])('rejects %s', async (_name, opts, status, reason) => {
    const res = await app.inject(webhook('approval', approval, opts));
    expect(res.statusCode).toBe(status);
    expect(res.json().details.reason).toBe(reason);
  });

  it('rejects a correctly signed but malformed event', async () => {
    const res = await app.inject(webhook('approval', { ...approval, market: 'Narnia' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason: 'malformed' } });
    const notJson = webhook('approval', approval);
    const raw = '{"id": "evt-x", ';
    const res2 = await app.inject({ ...notJson, payload: raw, headers: { 'content-type': 'application/json', ...signWebhook({ rawBody: raw, timestamp: now.getTime() / 1000, hmacSecret: secret }) } });
    expect(res2.json().details.reason).toBe('malformed');
  });

  it('applied nothing from the rejected events and counts every rejection by reason', async () => {
    const counts = (await get('/api/v1/webhooks/releases/rejections')).json().counts;
    expect(counts).toEqual({ forged: 1, malformed: 2, replayed: 2, stale: 1, unsigned: 1 });
    expect(counters.get('releases.webhook.rejected.replayed')).toBe(2);
    const history = (await store.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM release_events WHERE payload->>'feature' = 'eco_route'`)).rows[0]!.n;
    expect(Number(history)).toBe(1);
  });

  it('keeps JSON parsing for every other route', async () => {
    expect((await post('/api/v1/approvals', approval)).statusCode).toBe(201);
  });
});

describe('the registered route module', () => {
  it('fails closed when no webhook key is configured', async () => {
    const saved = { h: process.env.RELEASE_WEBHOOK_HMAC_SECRETS, e: process.env.RELEASE_WEBHOOK_ED25519_PUBLIC_KEY };
    delete process.env.RELEASE_WEBHOOK_HMAC_SECRETS;
    delete process.env.RELEASE_WEBHOOK_ED25519_PUBLIC_KEY;
    const bare = await createApp({ store, counters, authenticate, clock: () => now, logLevel: 'silent', version: 'test' }, [registerReleaseRoutes]);
    try {
      const res = await bare.inject(webhook('approval', sampleApproval()));
      expect(res.statusCode).toBe(401);
      expect(res.json().details.reason).toBe('not_configured');
    } finally {
      await bare.close();
      if (saved.h !== undefined) process.env.RELEASE_WEBHOOK_HMAC_SECRETS = saved.h;
      if (saved.e !== undefined) process.env.RELEASE_WEBHOOK_ED25519_PUBLIC_KEY = saved.e;
    }
  });

  it('reads rotated secrets from the environment and ignores short ones', () => {
    expect(webhookKeysFromEnv({ RELEASE_WEBHOOK_HMAC_SECRETS: 'new-secret-0123456789, old-secret-0123456789,short' }).hmacSecrets).toEqual(['new-secret-0123456789', 'old-secret-0123456789']);
  });
});
