import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, directorySource, installTrustedRoot } from '../../packages/verifier/src/index';
import type { Store } from '../store';
import { hmiPlacementStore } from './hmi-placement-store';
import type { CardToPlace } from './hmi-repository';
import { openHmiRepository } from './hmi-repository-io';
import { sha256Hex } from './signing';

const T = new Date('2026-04-10T09:00:00.000Z');
const VIN = { one: '1HLVR2B51TA009101', two: '1HLVR2B53TA009102', three: '1HLVR2B55TA009103' };
const ITEM = '01J0ABCDEFGHJKMNPQRSTVWXYZ';

function card(vin: string, offerId: string): CardToPlace {
  const bytes = Buffer.from(JSON.stringify({ itemId: ITEM, kind: 'offerCard', locale: 'en-US', title: `Card ${offerId}`, body: 'Body.', cta: { action: 'CONTACT_DEALER' } }));
  const sha = sha256Hex(bytes);
  return { vin, path: `oem/${offerId}/en-${sha.slice(0, 16)}.json`, bytes, sha256: sha, slot: 'home-card-1', offerId, campaignId: 'plan-abc',
    custom: { itemId: ITEM, revision: 1, notBefore: '2026-04-01T00:00:00Z', notAfter: '2026-06-01T00:00:00Z' } };
}

/**
 * The persistent placements on both backends: one process places cards, a second process
 * (a fresh open of the same database, folder and keys) continues the repository and revokes a
 * card, and the first, stale process publishing again neither rolls versions back nor brings
 * the revoked card back.
 */
export function hmiPlacementContract(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`HMI placements persisted and continued across processes (${backend})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const dirs: string[] = [];
    let repoDir = '';
    let keyDir = '';
    let carDir = '';
    beforeAll(async () => {
      ({ store, cleanup } = await open());
      repoDir = await mkdtemp(join(tmpdir(), 'fc-hmi-repo-'));
      keyDir = join(await mkdtemp(join(tmpdir(), 'fc-hmi-keys-')), 'keys');
      carDir = await mkdtemp(join(tmpdir(), 'fc-hmi-car-'));
      dirs.push(repoDir, join(keyDir, '..'), carDir);
    }, 120_000);
    afterAll(async () => {
      await cleanup?.();
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    });

    const shows = async (pv: string, cache?: string) => {
      const dir = cache ?? (await mkdtemp(join(tmpdir(), 'fc-hmi-car-')));
      if (!cache) {
        dirs.push(dir);
        await installTrustedRoot(dir, await readFile(join(repoDir, '1.root.json')));
      }
      const r = await createVerifier({ cacheDir: dir, source: directorySource(repoDir), policy: { platform: 'hmi', allowedUrlHosts: [] } })
        .verify({ vehicleId: pv, vehicleState: { gear: 'P', speedKph: 0 }, now: new Date(T.getTime() + 60_000) });
      return r.ok ? r.offers.map((o) => o.card.title) : [`rejected: ${r.attackClass} ${r.detail}`];
    };

    it('stores each vehicle’s placement in order, and a second process continues it', async () => {
      const first = await openHmiRepository(store.db, { repoDir, keyDir }, () => T, { placementBinBits: 2 });
      expect(first.resumedVersions).toBeNull();
      await first.repository.place(card(VIN.one, 'off-a'));
      await first.repository.place(card(VIN.two, 'off-a'));
      const last = await first.repository.place(card(VIN.two, 'off-b'));
      const pv2 = first.repository.pseudonymOf(VIN.two);
      expect((await hmiPlacementStore(store.db).list(pv2)).map((c) => c.offerId)).toEqual(['off-a', 'off-b']);
      expect(await hmiPlacementStore(store.db).holders(card(VIN.one, 'off-a').path)).toHaveLength(2);
      await installTrustedRoot(carDir, await readFile(join(repoDir, '1.root.json')));
      expect(await shows(first.repository.pseudonymOf(VIN.one), carDir)).toEqual(['Card off-a']);

      const second = await openHmiRepository(store.db, { repoDir, keyDir }, () => T, { placementBinBits: 2 });
      expect(second.resumedVersions).toMatchObject({ snapshot: last.versions.snapshot, timestamp: last.versions.timestamp });
      expect(second.restored).toEqual({ vehicles: 2, differing: 0 });
      const revoked = await second.repository.revoke([{ vin: VIN.one, offerId: 'off-a' }]);
      expect(revoked.outcomes[0]!.removed).toHaveLength(1);
      expect(revoked.droppedTargets).toEqual([]);
      expect(revoked.versions!.timestamp).toBeGreaterThan(last.versions.timestamp!);
      // The car that trusted the first process's versions accepts the second's.
      expect(await shows(second.repository.pseudonymOf(VIN.one), carDir)).toEqual([]);
      expect(await shows(pv2)).toEqual(['Card off-a', 'Card off-b']);

      // The first process is stale: it re-reads the folder before publishing, so no rollback and no resurrected card.
      const again = await first.repository.place(card(VIN.three, 'off-c'));
      expect(again.versions.timestamp).toBeGreaterThan(revoked.versions!.timestamp!);
      expect(await shows(first.repository.pseudonymOf(VIN.one), carDir)).toEqual([]);
      expect(await shows(first.repository.pseudonymOf(VIN.three))).toEqual(['Card off-c']);
      expect(await hmiPlacementStore(store.db).count()).toBe(3);
    }, 120_000);
  });
}
