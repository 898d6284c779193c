import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, directorySource, installTrustedRoot } from '../../packages/verifier/src/index';
import { createApp, createCounters, type Authenticator } from '../app';
import {
  createHmiChannel, createOutboxWorker, deliveryStore, instantiateChannel, openHmiRepository, outboxStore, type ChannelDefinition, type HmiRepository,
} from '../delivery';
import type { Owner, Vehicle } from '../domain';
import type { Role } from '../identity';
import { catalogStore, parseCatalogOffer } from '../offers';
import { globalScope, type Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { hw2Variant, sampleApproval, sampleRelease, sampleTemplate, sampleVehicle } from './release-fixtures';
import { executeCardRevocations } from './release-revocation-io';
import { createReleaseRoutes } from './releases-routes';
import { signWebhook } from './webhook-signature';

/**
 * Issue 8, end to end: a release with a feature, hardware/version constraints and waves → a
 * campaign template bound to the feature → the signed approval webhook → the campaign launches
 * → only qualifying vehicles are targeted, planned by the optimizer, cleared by the compliance
 * gate and queued (non-qualifying and held-out vehicles get nothing) → the outbox worker puts
 * HMI cards into a real TUF repository folder → the standalone verifier, as the car, shows the
 * card → a rollback report arrives → the pending offer's message is cancelled (never sent) and
 * the delivered card is revoked: the car's next refresh shows nothing, another car still shows
 * its card. Runs on PGlite and on the PostgreSQL server.
 */
const secret = 'e2e-release-secret-0123456789';
const OFFER = 'off-hands-off-e2e';
const CAMPAIGN = 'cmp-hands-off-e2e';

/**
 * The fleet: eight vehicles that qualify at 4.5.0 (the campaign holds some out), E qualifies
 * (its update is available) but still runs 4.2.0, C has unsupported hardware, D is below the
 * prerequisite range. Among the treated 4.5.0 vehicles, the story picks R (delivered, then rolls
 * back), S (delivered, stays) and P (queued while the car moves, then rolls back).
 */
const rows: [key: string, serial: number, hw: string, version: string][] = [
  ['A', 3001, 'vireo-hw3', '4.5.0'], ['B', 3002, 'vireo-hw3', '4.5.0'], ['F', 3003, 'vireo-hw3', '4.5.0'], ['G', 3004, 'vireo-hw3', '4.5.0'],
  ['H', 3005, 'vireo-hw3', '4.5.0'], ['I', 3006, 'vireo-hw3', '4.5.0'], ['J', 3010, 'vireo-hw3', '4.5.0'], ['K', 3011, 'vireo-hw3', '4.5.0'],
  ['E', 3007, 'vireo-hw3', '4.2.0'], ['C', 3008, 'vireo-hw2', '4.2.0'], ['D', 3009, 'vireo-hw3', '4.1.9'],
];
const qualifying = ['A', 'B', 'F', 'G', 'H', 'I', 'J', 'K'];
const CARD_TITLE = 'Hands-off on mapped motorways: keep your eyes on the road';

export function releaseEndToEnd(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`release-synchronised campaign end to end on ${backend}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let app: FastifyInstance;
    let repository: HmiRepository;
    let now = new Date('2026-04-01T12:00:00.000Z');
    const dirs: string[] = [];
    let repoDir = '';
    let keyDir = '';
    const vin: Record<string, string> = {};
    const owner: Record<string, string> = {};
    /** Story roles, fixed once the campaign has drawn its holdout: R rolls back, S stays, P is pending. */
    const role = { R: '', S: '', P: '' };
    const at = (iso: string) => { now = new Date(iso); };

    const authenticate: Authenticator = async (req) => {
      const role = req.headers['x-test-role'];
      return typeof role === 'string' ? { actorId: 'e2e', kind: 'api_key', nodeId: 'oem', nodePath: '/oem/', role: role as Role } : undefined;
    };
    const post = (url: string, body: unknown, role: Role) => app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-test-role': role } });
    const campaign = async () => (await app.inject({ url: `/api/v1/release-campaigns/${CAMPAIGN}`, headers: { 'x-test-role': 'dpo' } })).json() as {
      assignments: { vin: string; arm: string; status: string; dispatch: { outcome: string; channel: string | null; outboxId: string | null; reviewId: string | null; reasons: string[] } | null }[];
      retractions: { vin: string; action: string; reason: string; outboxOutcome: string | null; cardStatus: string | null }[];
    };
    const worker = () => createOutboxWorker({
      db: store.db, clock: () => now, workerId: `e2e-${backend}`,
      channels: new Map([['hmi', instantiateChannel(createHmiChannel({ repository, vehicleMoving: deliveryStore(store.db).vehicleMoving }) as unknown as ChannelDefinition<unknown>, {}, { ledger: outboxStore(store.db).ledger() })]]),
    });
    async function car(key: string, cacheDir?: string) {
      const dir = cacheDir ?? (await mkdtemp(join(tmpdir(), `fc-car-${key}-`)));
      if (!cacheDir) {
        dirs.push(dir);
        await installTrustedRoot(dir, await readFile(join(repoDir, '1.root.json')));
      }
      const result = await createVerifier({ cacheDir: dir, source: directorySource(repoDir), policy: { platform: 'hmi', allowedUrlHosts: [] } })
        .verify({ vehicleId: repository.pseudonymOf(vin[key]!), vehicleState: { gear: 'P', speedKph: 0 }, now });
      return { dir, result };
    }
    /** The cards a car shows; a vehicle that never had a placement finds no placement file and shows nothing. */
    const titles = (r: Awaited<ReturnType<typeof car>>['result']) => {
      if (r.ok) return r.offers.map((o) => o.card.title);
      return r.attackClass === 'unknown_target' && r.detail.startsWith('placements/') ? [] : [`rejected: ${r.attackClass} ${r.detail}`];
    };

    beforeAll(async () => {
      ({ store, cleanup } = await open());
      await loadFixture(store);
      await store.customers.upsertHardwareVariant(hw2Variant);
      const owners: Owner[] = rows.map(([key]) => ({ id: `own-e2e-${key.toLowerCase()}`, market: 'US', displayName: `Driver ${key}`, email: null, phone: null, language: 'en', homeDealerId: 'dlr-a' }));
      await store.customers.upsertOwners(owners);
      const vehicles: Vehicle[] = rows.map(([key, serial, hw, version]) => ({
        vin: sampleVehicle(serial).vin, modelId: 'vireo', trimId: 'vireo-touring', hardwareVariantId: hw, market: 'US', modelYear: 2026, softwareVersion: version,
        homeDealerId: 'dlr-a', ownerId: `own-e2e-${key.toLowerCase()}`, odometerKm: 500, registeredAt: '2026-01-05T00:00:00.000Z',
      }));
      await store.customers.upsertVehicles(vehicles);
      for (const [i, [key]] of rows.entries()) { vin[key] = vehicles[i]!.vin; owner[key] = owners[i]!.id; }
      await store.customers.recordConsents(owners.map((o) => ({ ownerId: o.id, purpose: 'marketing_contact' as const, channel: 'hmi' as const, granted: true, actor: o.id, source: 'app' as const, at: '2026-03-01T00:00:00.000Z' })));
      await catalogStore(store.db).put(globalScope, parseCatalogOffer({
        id: OFFER, programId: 'prg-spring', kind: 'feature_trial', name: CARD_TITLE, markets: ['US'],
        validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z', terms: { featureCode: 'hands_off_assist', trialDays: 30, valueMinor: 9_900 },
        requires: [], requiresStock: [], ownerNodeId: 'nsc-us', fundId: null, costMinor: 0,
        content: [{ channel: 'hmi', language: 'en', headline: CARD_TITLE, body: 'Try hands-off assist on mapped motorways for 30 days; keep your eyes on the road.' }],
      }));
      repoDir = await mkdtemp(join(tmpdir(), 'fc-e2e-repo-'));
      keyDir = join(await mkdtemp(join(tmpdir(), 'fc-e2e-keys-')), 'keys');
      dirs.push(repoDir, join(keyDir, '..'));
      repository = (await openHmiRepository(store.db, { repoDir, keyDir }, () => now, { placementBinBits: 2 })).repository;
      const routes = createReleaseRoutes({ webhookKeys: { hmacSecrets: [secret], ed25519PublicKeys: [] }, hmi: async () => repository });
      app = await createApp({ store, counters: createCounters(), authenticate, clock: () => now, logLevel: 'silent', version: 'test' }, [routes]);
    }, 180_000);
    afterAll(async () => {
      await app?.close();
      await cleanup?.();
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    });

    it('launches on the signed approval, targets only qualifying vehicles, and queues them through optimizer and compliance gate', async () => {
      const release = sampleRelease({ waves: [{ startsAt: '2026-04-01T00:00:00.000Z', share: 0.2 }, { startsAt: '2026-04-02T00:00:00.000Z', share: 1 }] });
      expect((await post('/api/v1/releases', release, 'release_manager')).statusCode).toBe(201);
      const template = sampleTemplate({ campaignId: CAMPAIGN, offerId: OFFER, markets: ['US'], holdoutShare: 0.3 });
      const created = await post('/api/v1/release-campaigns', template, 'oem_admin');
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().campaigns.find((c: { campaignId: string }) => c.campaignId === CAMPAIGN)).toMatchObject({ launched: false, newTargets: 0 });

      at('2026-04-03T12:00:00.000Z');
      const raw = JSON.stringify({ id: `evt-e2e-approval-${backend}`, type: 'approval', data: sampleApproval({ issuedAt: '2026-04-03T00:00:00.000Z', effectiveAt: '2026-04-03T00:00:00.000Z' }) });
      const hook = await app.inject({ method: 'POST', url: '/api/v1/webhooks/releases', payload: raw, headers: { 'content-type': 'application/json', ...signWebhook({ rawBody: raw, timestamp: now.getTime() / 1000, hmacSecret: secret }) } });
      expect(hook.statusCode, hook.body).toBe(202);
      expect(hook.json().followUp.errors).toEqual([]);
      expect(hook.json().followUp.dispatches).toEqual([expect.objectContaining({ campaignId: CAMPAIGN })]);

      const c = await campaign();
      const fixtureUs = fixture.vehicles.filter((v) => v.market === 'US').map((v) => v.vin);
      expect(c.assignments.map((a) => a.vin).sort()).toEqual([...[...qualifying, 'E'].map((k) => vin[k]!), ...fixtureUs].sort());
      const held = c.assignments.filter((a) => a.arm === 'holdout');
      const treated = c.assignments.filter((a) => a.arm === 'treatment');
      expect(held.length).toBeGreaterThan(0);
      expect(held.every((a) => a.dispatch === null && a.status === 'held_out')).toBe(true);
      const of = (key: string) => c.assignments.find((a) => a.vin === vin[key])!;
      const treatedKeys = qualifying.filter((k) => of(k).arm === 'treatment');
      expect(treatedKeys.length).toBeGreaterThanOrEqual(3);
      [role.R, role.S, role.P] = treatedKeys as [string, string, string];
      for (const key of treatedKeys) expect(of(key)).toMatchObject({ arm: 'treatment', dispatch: { outcome: 'queued', channel: 'hmi', outboxId: expect.stringMatching(/^dlv-/) } });
      // E qualifies (its update is available) but runs 4.2.0: the gate refuses to promise hands-off to it.
      if (of('E').arm === 'treatment') expect(of('E').dispatch).toMatchObject({ outcome: 'blocked', reviewId: expect.stringMatching(/^rvw-/) });
      // The fixture owners gave no marketing consent: planned, but the optimizer has no candidate for them.
      for (const a of c.assignments.filter((x) => fixtureUs.includes(x.vin) && x.arm === 'treatment')) {
        expect(a.dispatch).toMatchObject({ outcome: 'not_chosen', reasons: expect.arrayContaining(['not_chosen: no_candidate']) });
      }
      expect(treated.every((a) => a.dispatch !== null)).toBe(true);

      const queued = await outboxStore(store.db).list({ status: 'queued' });
      const heldOwners = new Set(held.map((a) => rows.find(([k]) => vin[k] === a.vin)?.[0]).filter(Boolean).map((k) => owner[k!]));
      expect(queued.every((r) => r.channel === 'hmi' && r.offerId === OFFER)).toBe(true);
      expect(queued.some((r) => heldOwners.has(r.ownerId))).toBe(false);
      expect(queued.some((r) => r.ownerId === owner.C || r.ownerId === owner.D)).toBe(false);
      expect(queued.map((r) => r.ownerId).sort()).toEqual(treatedKeys.map((k) => owner[k]).sort());
    }, 180_000);

    it('dispatches a vehicle once: dispatching again enqueues nothing new', async () => {
      const before = (await outboxStore(store.db).list()).length;
      const again = await post(`/api/v1/release-campaigns/${CAMPAIGN}/dispatch`, {}, 'release_manager');
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ dispatched: 0, vehicles: [] });
      expect((await outboxStore(store.db).list()).length).toBe(before);
    }, 120_000);

    it('delivers HMI cards into the TUF folder that the car verifies and shows', async () => {
      await deliveryStore(store.db).recordVehicleState(vin[role.P]!, true, now);
      const queued = (await outboxStore(store.db).list({ status: 'queued' })).length;
      const run = await worker().runUntilIdle();
      expect(run).toMatchObject({ sent: queued - 1, held: 1, dead: 0 });
      for (const key of [role.R, role.S]) expect(titles((await car(key)).result)).toEqual([CARD_TITLE]);
      expect(titles((await car(role.P)).result)).toEqual([]);
      expect(titles((await car('C')).result)).toEqual([]);
    }, 180_000);

    it('on a rollback: cancels the pending message, revokes the delivered card, and leaves other cars alone', async () => {
      const carR = await car(role.R);
      expect(titles(carR.result)).toEqual([CARD_TITLE]);
      at('2026-04-04T12:00:00.000Z');
      for (const key of [role.R, role.P]) {
        const report = (status: string, when: string) => post('/api/v1/vehicle-updates', { vin: vin[key], version: '4.5.0', fromVersion: '4.3.0', status, at: when }, 'release_manager');
        expect((await report('installed', '2026-04-04T08:00:00.000Z')).json().accepted).toBe(true);
        const rb = await report('rolled_back', '2026-04-04T10:00:00.000Z');
        expect(rb.statusCode).toBe(202);
        expect(rb.json().followUp.errors).toEqual([]);
      }
      const c = await campaign();
      expect(c.retractions).toEqual(expect.arrayContaining([
        expect.objectContaining({ vin: vin[role.R], action: 'revoke', reason: 'update_rolled_back', outboxOutcome: 'already_sent', cardStatus: 'revoked' }),
        expect.objectContaining({ vin: vin[role.P], action: 'suppress', reason: 'update_rolled_back', outboxOutcome: 'cancelled', cardStatus: 'no_card' }),
      ]));
      expect(c.retractions).toHaveLength(2);

      // The car that showed the card refreshes from the newly published repository: no card, no rollback error.
      expect(titles((await car(role.R, carR.dir)).result)).toEqual([]);
      expect(titles((await car(role.R)).result)).toEqual([]);
      expect(titles((await car(role.S)).result)).toEqual([CARD_TITLE]);
      expect(await repository.cardsOf(vin[role.R]!)).toEqual([]);
      expect(await repository.cardsOf(vin[role.S]!)).toHaveLength(1);

      // The cancelled message is never sent, even once the vehicle is parked and its hold has passed.
      await deliveryStore(store.db).recordVehicleState(vin[role.P]!, false, now);
      at('2026-04-04T18:00:00.000Z');
      const run = await worker().runUntilIdle();
      expect(run.sent).toBe(0);
      const f = (await outboxStore(store.db).list()).find((r) => r.ownerId === owner[role.P])!;
      expect(f).toMatchObject({ status: 'dead', sentAt: null, providerMessageId: null });
      expect(f.deadReason).toMatch(/^cancelled: /);
      expect(await repository.cardsOf(vin[role.P]!)).toEqual([]);
      expect(titles((await car(role.P)).result)).toEqual([]);
    }, 240_000);

    it('executes each revocation once', async () => {
      const again = await executeCardRevocations(store.db, repository, now);
      expect(again).toMatchObject({ considered: 0, revoked: 0, versions: null });
    });
  });
}
