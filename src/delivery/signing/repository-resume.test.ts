import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVerifier, directorySource, installTrustedRoot } from '../../../packages/verifier/src/index';
import { openKeyDirectory, repositoryKeysFrom } from './key-directory-io';
import { createRepositoryBuilder, targetFileUrl } from './repository-builder';
import { readPublishedState, writeRepository } from './repository-io';
import { ITEM_OEM, OTHER_VEHICLE, T0, VEHICLE } from './test-fixtures';

/**
 * A repository published by one process is continued by the next: the builder resumes from
 * the folder (root chain, role versions, targets, placements), so versions only go up and a car
 * that trusted the old versions accepts the new ones. A builder that starts from scratch over
 * the same folder is what the verifier rejects as a rollback.
 */
const dirs: string[] = [];
const tempDir = async (label: string) => {
  const d = await mkdtemp(join(tmpdir(), `forecourt-${label}-`));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const PARKED = { gear: 'P', speedKph: 0 };
const card = (title: string) => Buffer.from(JSON.stringify({ itemId: ITEM_OEM, kind: 'offerCard', locale: 'en-US', title, body: 'Body.', cta: { action: 'CONTACT_DEALER' } }));
const custom = { itemId: ITEM_OEM, revision: 1, notBefore: '2026-11-01T00:00:00Z', notAfter: '2026-12-31T00:00:00Z' };

async function setup() {
  const repoDir = await tempDir('resume-repo');
  const keyDir = join(await tempDir('resume-keys'), 'keys');
  let now = new Date(T0);
  const clock = () => now;
  const first = createRepositoryBuilder({ keys: repositoryKeysFrom(openKeyDirectory(keyDir)), clock, placementBinBits: 2 });
  const a = first.putOffer('oem/off-a/en.json', card('Offer A'), custom);
  const b = first.putOffer('oem/off-b/en.json', card('Offer B'), custom);
  first.setPlacement(VEHICLE, [{ path: a.path, sha256: a.sha256, revision: 1, slot: 'home-card-1' }]);
  first.setPlacement(OTHER_VEHICLE, [{ path: b.path, sha256: b.sha256, revision: 1, slot: 'home-card-1' }]);
  const published = await first.publish();
  await writeRepository(repoDir, published);
  const carDir = await tempDir('resume-car');
  await installTrustedRoot(carDir, published.initialRoot);
  const verify = (vehicleId: string, dir = carDir) => createVerifier({ cacheDir: dir, source: directorySource(repoDir), policy: { platform: 'hmi', allowedUrlHosts: [] } })
    .verify({ vehicleId, vehicleState: PARKED, now: new Date(now.getTime() + 60_000) });
  return { repoDir, keyDir, clock, advance: (ms: number) => { now = new Date(now.getTime() + ms); }, published, verify, a, b };
}

const titles = (r: Awaited<ReturnType<Awaited<ReturnType<typeof setup>>['verify']>>) => (r.ok ? r.offers.map((o) => o.card.title) : [`rejected: ${r.attackClass}`]);

describe('resuming a published repository', () => {
  it('reads back versions, targets and placements, and continues with higher versions the car accepts', async () => {
    const s = await setup();
    expect(titles(await s.verify(VEHICLE))).toEqual(['Offer A']);
    const state = (await readPublishedState(s.repoDir))!;
    expect(state.snapshotVersion).toBe(s.published.versions.snapshot);
    expect(state.timestampVersion).toBe(s.published.versions.timestamp);
    expect(state.rootFiles).toHaveLength(1);
    expect(state.targets.map((t) => t.path).sort()).toEqual(['oem/off-a/en.json', 'oem/off-b/en.json']);
    expect(state.placements.map((p) => p.pseudonym).sort()).toEqual([VEHICLE, OTHER_VEHICLE].sort());
    expect(state.roleVersions.targets).toBe(s.published.versions.targets);

    s.advance(3_600_000);
    const next = createRepositoryBuilder({ keys: repositoryKeysFrom(openKeyDirectory(s.keyDir)), clock: s.clock, placementBinBits: 2, resume: state });
    expect(next.placementOf(VEHICLE)).toHaveLength(1);
    next.setPlacement(VEHICLE, []);
    next.removeOffer(s.a.path);
    const republished = await next.publish();
    for (const role of ['snapshot', 'timestamp', 'targets']) expect(republished.versions[role]!, role).toBeGreaterThan(s.published.versions[role]!);
    expect(republished.versions.root).toBe(1);
    await writeRepository(s.repoDir, republished);
    // The same car (it trusted the first versions) refreshes: the card is gone, no rollback.
    expect(titles(await s.verify(VEHICLE))).toEqual([]);
    expect(titles(await s.verify(OTHER_VEHICLE))).toEqual(['Offer B']);
  });

  it('is needed: a builder starting from scratch over the same folder is refused as a rollback', async () => {
    const s = await setup();
    expect(titles(await s.verify(VEHICLE))).toEqual(['Offer A']);
    const fresh = createRepositoryBuilder({ keys: repositoryKeysFrom(openKeyDirectory(s.keyDir)), clock: s.clock, placementBinBits: 2 });
    fresh.setPlacement(VEHICLE, []);
    await writeRepository(s.repoDir, await fresh.publish());
    expect(await s.verify(VEHICLE)).toMatchObject({ ok: false, attackClass: 'rollback' });
  });

  it('refuses to resume with keys that did not sign the published root, and a folder whose files do not match their hashes', async () => {
    const s = await setup();
    const state = (await readPublishedState(s.repoDir))!;
    const otherKeys = repositoryKeysFrom(openKeyDirectory(join(await tempDir('other-keys'), 'keys')));
    expect(() => createRepositoryBuilder({ keys: otherKeys, clock: s.clock, resume: state })).toThrow(/do not match the published root/);
    const file = join(s.repoDir, targetFileUrl(s.a.path, s.a.sha256));
    await writeFile(file, Buffer.concat([await readFile(file), Buffer.from(' ')]));
    await expect(readPublishedState(s.repoDir)).rejects.toThrow(/does not match its pinned hash/);
    expect(await readPublishedState(await tempDir('empty'))).toBeNull();
  });
});
