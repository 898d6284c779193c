import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { outboxStore } from '../delivery';
import type { Owner, Vehicle } from '../domain';
import { isForecourtError } from '../kernel';
import { catalogStore, parseCatalogOffer } from '../offers';
import { globalScope, openStore, type Store } from '../store';
import { loadFixture } from '../testing';
import { sampleApproval, sampleRelease, sampleTemplate, sampleVehicle } from './release-fixtures';
import { dispatchReleaseCampaign } from './release-dispatch-io';
import { releaseDispatchStore, releasesSubjectData } from './release-dispatch-store';
import { findLeftovers, subjectRights } from '../identity';
import { createReleaseCampaign, ingestReleaseEvent } from './release-sync-io';
import { releasesStore } from './releases-store';

/** Dispatch in the caller's scope: refused below the NSC, limited to the caller's subtree, contact caps respected, once per vehicle. */
const NOW = new Date('2026-04-03T12:00:00.000Z');
const CAMPAIGN = 'cmp-dispatch-test';
const dealer = { kind: 'node' as const, nodeId: 'dlr-a', path: '/oem/nsc-us/dist-us-west/dlr-a/' };
const distributor = { kind: 'node' as const, nodeId: 'dist-us-west', path: '/oem/nsc-us/dist-us-west/' };
const nscUs = { kind: 'node' as const, nodeId: 'nsc-us', path: '/oem/nsc-us/' };
const nscDe = { kind: 'node' as const, nodeId: 'nsc-de', path: '/oem/nsc-de/' };

describe('release campaign dispatch (PGlite)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await loadFixture(store);
    const owners: Owner[] = [1, 2, 3].map((i) => ({ id: `own-disp-${i}`, market: 'US', displayName: `D ${i}`, email: null, phone: null, language: 'en', homeDealerId: 'dlr-a' }));
    await store.customers.upsertOwners(owners);
    const vehicles: Vehicle[] = owners.map((o, i) => ({
      vin: sampleVehicle(4001 + i).vin, modelId: 'vireo', trimId: 'vireo-touring', hardwareVariantId: 'vireo-hw3', market: 'US', modelYear: 2026,
      softwareVersion: '4.5.0', homeDealerId: 'dlr-a', ownerId: o.id, odometerKm: 10, registeredAt: '2026-01-05T00:00:00.000Z',
    }));
    await store.customers.upsertVehicles(vehicles);
    await store.customers.recordConsents(owners.map((o) => ({ ownerId: o.id, purpose: 'marketing_contact' as const, channel: 'hmi' as const, granted: true, actor: o.id, source: 'app' as const, at: '2026-03-01T00:00:00.000Z' })));
    await catalogStore(store.db).put(globalScope, parseCatalogOffer({
      id: 'off-disp', programId: 'prg-spring', kind: 'feature_trial', name: 'Hands-off on mapped motorways: keep your eyes on the road', markets: ['US'],
      validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z', terms: { featureCode: 'hands_off_assist', trialDays: 30, valueMinor: 9_900 },
      requires: [], requiresStock: [], ownerNodeId: 'nsc-us', fundId: null, costMinor: 0,
      content: [{ channel: 'hmi', language: 'en', headline: 'Hands-off trial', body: 'Mapped motorways only; keep your eyes on the road.' }],
    }));
    const rs = releasesStore(store.db);
    await ingestReleaseEvent(rs, { id: 'evt-disp-release', type: 'release', data: sampleRelease() }, 'api', NOW);
    await ingestReleaseEvent(rs, { id: 'evt-disp-approval', type: 'approval', data: sampleApproval({ issuedAt: '2026-04-03T00:00:00.000Z', effectiveAt: '2026-04-03T00:00:00.000Z' }) }, 'api', NOW);
    await createReleaseCampaign(rs, sampleTemplate({ campaignId: CAMPAIGN, offerId: 'off-disp', markets: ['US'] }), 'evt-disp-campaign', NOW);
  }, 120_000);
  afterAll(async () => { await store?.close(); });

  it('refuses a dealer- or distributor-scoped caller and dispatches nothing', async () => {
    for (const scope of [dealer, distributor]) {
      const error = await dispatchReleaseCampaign(store.db, scope, CAMPAIGN, NOW).catch((e: unknown) => e);
      expect(isForecourtError(error) && error.code).toBe('FORBIDDEN');
    }
    expect(await releaseDispatchStore(store.db).list(CAMPAIGN)).toEqual([]);
    const missing = await dispatchReleaseCampaign(store.db, nscUs, 'cmp-nothing', NOW).catch((e: unknown) => e);
    expect(isForecourtError(missing) && missing.code).toBe('NOT_FOUND');
  });

  it('dispatches only the vehicles in the caller’s subtree', async () => {
    expect(await dispatchReleaseCampaign(store.db, nscDe, CAMPAIGN, NOW)).toMatchObject({ dispatched: 0, vehicles: [], plans: [] });
  });

  it('respects the plan’s contact cap: owners over it are not chosen, with the reason', async () => {
    const r = await dispatchReleaseCampaign(store.db, nscUs, CAMPAIGN, NOW, { contactShare: 0.01 });
    const mine = r.vehicles.filter((v) => v.ownerId?.startsWith('own-disp-'));
    expect(mine.filter((v) => v.outcome === 'queued')).toHaveLength(1);
    const capped = mine.filter((v) => v.outcome === 'not_chosen');
    expect(capped).toHaveLength(2);
    for (const v of capped) expect(v.reasons[0]).toBe('not_chosen: contact_cap');
    expect((await outboxStore(store.db).list()).map((o) => o.ownerId)).toEqual(mine.filter((v) => v.outcome === 'queued').map((v) => v.ownerId));
    expect(await dispatchReleaseCampaign(store.db, nscUs, CAMPAIGN, NOW)).toMatchObject({ dispatched: 0 });
    expect(await outboxStore(store.db).list()).toHaveLength(1);
  }, 120_000);

  it('exports a dispatched owner’s dispatches and unlinks them on erasure', async () => {
    const who = (await releaseDispatchStore(store.db).list(CAMPAIGN)).find((d) => d.ownerId?.startsWith('own-disp-'))!.ownerId!;
    const exported = await releasesSubjectData.export(store.db, { ownerId: who, vins: [] }) as { dispatches: { campaign_id: string }[] };
    expect(exported.dispatches.map((d) => d.campaign_id)).toEqual([CAMPAIGN]);
    await subjectRights(store.db, [releasesSubjectData]).erase(who);
    expect((await findLeftovers(store.db, [who])).filter((l) => l.table.startsWith('release_'))).toEqual([]);
    expect((await releaseDispatchStore(store.db).list(CAMPAIGN)).some((d) => d.ownerId === who)).toBe(false);
  });

  it('reads the HMI repository settings from the configuration', () => {
    expect(loadConfig({ FORECOURT_HMI_REPOSITORY_DIR: '/srv/hmi', FORECOURT_HMI_KEY_DIR: '/etc/hmi-keys' })).toMatchObject({ hmiRepositoryDir: '/srv/hmi', hmiKeyDir: '/etc/hmi-keys' });
  });
});
