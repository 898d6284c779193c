import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { loadFixture } from '../testing';
import { handsOffOffer, hw2Variant, releaseFleet, sampleApproval, sampleRelease, sampleTemplate } from './release-fixtures';
import { ReleaseWebhookEvent } from './release-schemas';
import { createReleaseCampaign, ingestReleaseEvent, loadReleaseView } from './release-sync-io';
import { releasesStore, type ReleasesStore } from './releases-store';
import { initialSoftwareState } from './software-state';

/** One behavioural suite for the release tables, run on PGlite and on the PostgreSQL server. */
export function releasesStoreContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`releases store contract (${name})`, () => {
    let store: Store;
    let rs: ReleasesStore;
    let cleanup: () => Promise<void>;
    const fleet = releaseFleet();
    const at = (d: string) => new Date(`2026-04-${d}T12:00:00.000Z`);
    let n = 0;
    const event = (type: 'release' | 'approval' | 'update_report', data: unknown) => ReleaseWebhookEvent.parse({ id: `evt-test-${name}-${++n}`, type, data });

    beforeAll(async () => {
      ({ store, cleanup } = await open());
      await loadFixture(store);
      await store.customers.upsertHardwareVariant(hw2Variant);
      await store.customers.upsertVehicles(fleet.vehicles);
      await store.programs.upsertOffer(handsOffOffer);
      rs = releasesStore(store.db);
    });
    afterAll(async () => cleanup?.());

    it('stores releases and returns them as given', async () => {
      const r = sampleRelease({ version: '4.4.0', installableOn: '4.2.x', features: [{ code: 'eco_route', change: 'added' }] });
      await rs.upsertRelease(r, at('01'));
      expect(await rs.getRelease('4.4.0')).toEqual(r);
      expect(await rs.getRelease('9.9.9')).toBeNull();
      await rs.upsertRelease({ ...r, haltedAt: '2026-04-02T00:00:00.000Z' }, at('02'));
      expect((await rs.getRelease('4.4.0'))?.haltedAt).toBe('2026-04-02T00:00:00.000Z');
      expect((await rs.listReleases()).map((x) => x.version)).toEqual(['4.4.0']);
    });

    it('keeps the latest issued approval per feature and market', async () => {
      const first = sampleApproval({ feature: 'eco_route', issuedAt: '2026-04-03T00:00:00.000Z' });
      expect(await rs.upsertApproval(first)).toBe(true);
      expect(await rs.upsertApproval(sampleApproval({ feature: 'eco_route', status: 'withdrawn', issuedAt: '2026-04-01T00:00:00.000Z' }))).toBe(false);
      expect(await rs.listApprovals('eco_route')).toEqual([first]);
    });

    it('records each event id once in the history', async () => {
      expect(await rs.appendEvent({ eventId: `dup-${name}`, kind: 'release', source: 'api', payload: { a: 1 }, outcome: 'ok', at: at('01') })).toBe(true);
      expect(await rs.appendEvent({ eventId: `dup-${name}`, kind: 'release', source: 'api', payload: { a: 2 }, outcome: 'ok', at: at('01') })).toBe(false);
      expect((await rs.listEvents('release')).filter((e) => e.eventId === `dup-${name}`)).toEqual([expect.objectContaining({ payload: { a: 1 } })]);
    });

    it('claims a webhook nonce once and counts rejections by reason', async () => {
      expect(await rs.claimNonce(`nonce-${name}`, at('01'))).toBe(true);
      expect(await rs.claimNonce(`nonce-${name}`, at('01'))).toBe(false);
      await rs.recordRejection('forged', 'x', at('01'));
      await rs.recordRejection('forged', 'y', at('01'));
      await rs.recordRejection('stale', 'z', at('01'));
      expect(await rs.rejectionCounts()).toEqual({ forged: 2, stale: 1 });
    });

    it('round-trips vehicle software state', async () => {
      const vin = fleet.vehicles[0]!.vin;
      const s = { ...initialSoftwareState(vin, '4.2.0'), updatedAt: '2026-04-01T00:00:00.000Z' };
      await rs.putSoftwareState(s);
      expect((await rs.getSoftwareStates([vin])).get(vin)).toEqual(s);
    });

    it('launches, targets exactly the qualifying vehicles, and retracts after a rollback', async () => {
      await createReleaseCampaign(rs, sampleTemplate(), `tpl-${name}`, at('01'));
      await ingestReleaseEvent(rs, event('release', sampleRelease()), 'api', at('02'));
      expect(await rs.listAssignments({ campaignId: 'cmp-hands-off' })).toEqual([]);
      const approved = await ingestReleaseEvent(rs, event('approval', sampleApproval()), 'api', at('03'));
      expect(approved.sync?.campaigns[0]).toMatchObject({ launched: true, releaseVersion: '4.5.0' });
      const targeted = (await rs.listAssignments({ campaignId: 'cmp-hands-off' })).map((a) => a.vin);
      const expectedFleet = fleet.vehicles.filter((v) => fleet.expected[v.vin] === 'target').map((v) => v.vin);
      expect(targeted).toEqual(expect.arrayContaining(expectedFleet));
      for (const v of fleet.vehicles.filter((x) => fleet.expected[x.vin] !== 'target')) expect(targeted).not.toContain(v.vin);
      expect(await rs.listCapabilityEntries()).toEqual([{ modelId: 'vireo', hardwareVariantId: 'vireo-hw3', versionRange: '>=4.5.0', market: 'US', tokens: ['L2_HANDS_OFF:mapped_motorway'] }]);

      const vin = fleet.vehicles[0]!.vin;
      expect(await rs.markDelivered('cmp-hands-off', vin, at('04'))).toBe(true);
      const registered = async () => (await store.customers.getVehicle({ kind: 'global' }, vin))?.softwareVersion;
      const before = await registered();
      for (const [status, d] of [['installed', '05'], ['rolled_back', '06']] as const) {
        await ingestReleaseEvent(rs, event('update_report', { vin, version: '4.5.0', fromVersion: '4.2.0', status, at: at(d).toISOString() }), 'api', at(d));
        // The vehicle record follows the update reports, so eligibility and the compliance gate see the version it runs.
        expect(await registered()).toBe(status === 'installed' ? '4.5.0' : '4.2.0');
      }
      expect(before).toBe('4.2.0');
      expect(await rs.listRetractions('cmp-hands-off')).toEqual([expect.objectContaining({ vin, action: 'revoke', reason: 'update_rolled_back' })]);
      const view = await loadReleaseView(rs, 'hands_off_assist', 'US', at('06'));
      expect(view).toMatchObject({ offersMade: 1, offersRetracted: 1, eligibleVehicles: expectedFleet.length - 1 + 3 });
    });

    it('serialises concurrent events without duplicate assignments', async () => {
      await Promise.all([
        ingestReleaseEvent(rs, event('approval', sampleApproval({ market: 'DE', issuedAt: '2026-04-07T00:00:00.000Z', effectiveAt: '2026-04-07T00:00:00.000Z' })), 'api', at('07')),
        ingestReleaseEvent(rs, event('release', sampleRelease({ waves: [{ startsAt: '2026-04-01T00:00:00.000Z', share: 1 }] })), 'api', at('07')),
      ]);
      const de = await rs.listAssignments({ campaignId: 'cmp-hands-off', market: 'DE' });
      const deVehicles = (await store.customers.listVehicles({ kind: 'global' }, { limit: 50, market: 'DE' })).items;
      expect(deVehicles).toHaveLength(2);
      expect(de.map((a) => a.vin).sort()).toEqual(deVehicles.map((v) => v.vin).sort());
    });
  });
}
