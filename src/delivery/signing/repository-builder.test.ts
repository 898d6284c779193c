import { verify as edVerify, createPublicKey } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVerifier, installTrustedRoot, memorySource, directorySource } from '../../../packages/verifier/src/index';
import { openKeyDirectory } from './key-directory-io';
import { placementPath, vehiclePseudonym } from './placement-path';
import { createRepositoryBuilder } from './repository-builder';
import { writeRepository } from './repository-io';
import { readJson, refreshSnapshot, writeJson, signRaw, type Json } from './repository-mutations';
import { generateEd25519Signer } from './signer';
import { buildScenario, makeKeys, PLACEMENT_KEY, T0, VEHICLE } from './test-fixtures';

const NOW = new Date(Date.parse(T0) + 3_600_000);
const PARKED = { gear: 'P', speedKph: 0 };
const dirs: string[] = [];
const tempDir = async (label: string): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), `forecourt-${label}-`));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function vehicle(initialRoot: Uint8Array) {
  const cacheDir = await tempDir('vehicle');
  await installTrustedRoot(cacheDir, initialRoot);
  const verify = (files: ReadonlyMap<string, Uint8Array>, now = NOW) =>
    createVerifier({ cacheDir, source: memorySource(files), policy: { platform: 'hmi', allowedUrlHosts: [] } }).verify({ vehicleId: VEHICLE, vehicleState: PARKED, now });
  return { cacheDir, verify };
}

describe('repository builder', () => {
  it('rotates the online keys through a new root; vehicles follow and reject the retired key', async () => {
    const s = buildScenario();
    const first = await s.builder.publish();
    const car = await vehicle(first.initialRoot);
    expect((await car.verify(first.files)).ok).toBe(true);

    const retired = { snapshot: s.keys.snapshot, timestamp: s.keys.timestamp };
    await s.builder.rotateKeys({ snapshot: generateEd25519Signer(), timestamp: generateEd25519Signer() });
    const second = await s.builder.publish();
    const later = new Date(NOW.getTime() + 60_000);
    expect(await car.verify(second.files, later)).toMatchObject({ ok: true, show: true });
    const cachedRoot = JSON.parse(await readFile(join(car.cacheDir, 'root.json'), 'utf8')) as { signed: { version: number } };
    expect(cachedRoot.signed.version).toBe(2);
    expect((await readdir(car.cacheDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // An attacker still holding the retired online keys cannot publish.
    const attack = new Map(second.files);
    await refreshSnapshot(attack, retired, {});
    expect(await car.verify(attack, new Date(later.getTime() + 60_000))).toMatchObject({ ok: false, attackClass: 'forged_signature' });
  });

  it('SC-13 fast-forward recovery: after a snapshot v2^31 by a stolen key, rotation lets vehicles accept the new chain', async () => {
    const s = buildScenario();
    const first = await s.builder.publish();
    const car = await vehicle(first.initialRoot);
    const attack = new Map(first.files);
    await refreshSnapshot(attack, { snapshot: s.keys.snapshot, timestamp: s.keys.timestamp }, {}, (signed) => (signed.version = 2 ** 31));
    expect(await car.verify(attack)).toMatchObject({ ok: true });
    await s.builder.rotateKeys({ snapshot: generateEd25519Signer(), timestamp: generateEd25519Signer() });
    const recovered = await s.builder.publish();
    expect(recovered.versions.snapshot).toBeLessThan(2 ** 31);
    expect(await car.verify(recovered.files, new Date(NOW.getTime() + 60_000))).toMatchObject({ ok: true, show: true });
  });

  it('kill switch: a human-signed empty manifest removes every offer within one cycle', async () => {
    const s = buildScenario();
    const first = await s.builder.publish();
    const car = await vehicle(first.initialRoot);
    const before = await car.verify(first.files);
    expect(before.ok && before.offers.length).toBe(2);
    s.builder.killSwitch();
    const killed = await s.builder.publish();
    const after = await car.verify(killed.files, new Date(NOW.getTime() + 60_000));
    expect(after).toMatchObject({ ok: true, offers: [] });
    const targets = readJson(new Map(killed.files), `${killed.versions.targets}.targets.json`).signed as Json;
    expect(targets.targets).toEqual({});
  });

  it('revokes one item by publishing a manifest without it', async () => {
    const s = buildScenario();
    const first = await s.builder.publish();
    const car = await vehicle(first.initialRoot);
    await car.verify(first.files);
    s.builder.removeOffer(s.dePath);
    s.builder.setPlacement(VEHICLE, s.entries.slice(1));
    const second = await s.builder.publish();
    const after = await car.verify(second.files, new Date(NOW.getTime() + 60_000));
    expect(after.ok && after.offers.map((o) => o.path)).toEqual([s.entries[1]!.path]);
  });

  it('only signs versions above the last one, per role', async () => {
    const s = buildScenario();
    const a = await s.builder.publish();
    s.builder.removeOffer(s.dePath);
    const b = await s.builder.publish();
    expect(b.versions.timestamp).toBe(a.versions.timestamp! + 1);
    expect(b.versions['nsc-de']).toBe(a.versions['nsc-de']! + 1);
    expect(b.versions['nsc-fr']).toBe(a.versions['nsc-fr']);
  });

  it('refuses unsafe or unowned target paths and oversized placements', () => {
    const s = buildScenario();
    expect(() => s.builder.putAsset('../etc/passwd', Buffer.from('x'), 'image/png')).toThrow();
    expect(() => s.builder.putAsset('nsc-it/x.png', Buffer.from('x'), 'image/png')).toThrow(/no role/);
    expect(() => s.builder.putAsset('placements/pv_x.json', Buffer.from('x'), 'image/png')).toThrow(/no role/);
    const entry = s.entries[0]!;
    expect(() => s.builder.setPlacement(VEHICLE, Array.from({ length: 21 }, (_, i) => ({ ...entry, slot: `s${i}` })))).toThrow(/20/);
  });

  it('rejects a root v2 re-signed by the new keys only, even if a verifier trusted tuf-js alone', async () => {
    const s = buildScenario();
    const repo = await s.builder.publish();
    const files = new Map(repo.files);
    const signed = structuredClone(readJson(files, '1.root.json').signed as Json);
    signed.version = 2;
    writeJson(files, '2.root.json', await signRaw(signed, [s.keys.root.signers[0]!]));
    const car = await vehicle(repo.initialRoot);
    expect(await car.verify(files)).toMatchObject({ ok: false, attackClass: 'under_threshold' });
  });

  it('writes a repository directory that a vehicle can verify from disk', async () => {
    const s = buildScenario();
    const repo = await s.builder.publish();
    const dir = await tempDir('repo');
    await writeRepository(dir, repo);
    const cacheDir = await tempDir('vehicle');
    await installTrustedRoot(cacheDir, repo.initialRoot);
    const result = await createVerifier({ cacheDir, source: directorySource(dir), policy: { platform: 'hmi', allowedUrlHosts: [] } })
      .verify({ vehicleId: VEHICLE, vehicleState: PARKED, now: NOW });
    expect(result).toMatchObject({ ok: true, show: true });
  });

  it('builds 10,000 per-vehicle placements in 64 hash bins (scale smoke test)', async () => {
    const keys = makeKeys();
    const builder = createRepositoryBuilder({ keys, clock: () => new Date(T0), placementBinBits: 6 });
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) {
      builder.setPlacement(vehiclePseudonym(`WVWZZZ1JZXW${String(i).padStart(6, '0')}`, PLACEMENT_KEY), []);
    }
    builder.setPlacement(VEHICLE, []);
    const repo = await builder.publish();
    const elapsed = performance.now() - started;
    console.log(`[scale] 10,001 placements in 64 bins built and signed in ${elapsed.toFixed(0)} ms (${repo.files.size} files)`);
    const car = await vehicle(repo.initialRoot);
    const t = performance.now();
    expect(await car.verify(repo.files)).toMatchObject({ ok: true, offers: [] });
    console.log(`[scale] one vehicle verified its bin in ${(performance.now() - t).toFixed(0)} ms`);
  });
});

describe('placement pseudonyms', () => {
  it('is a keyed HMAC: stable per key, different across keys, never the VIN', async () => {
    const vin = 'WVWZZZ1JZXW000001';
    const a = vehiclePseudonym(vin, PLACEMENT_KEY);
    expect(vehiclePseudonym(vin, PLACEMENT_KEY)).toBe(a);
    expect(vehiclePseudonym(vin, Buffer.alloc(32, 1))).not.toBe(a);
    expect(placementPath(a)).toMatch(/^placements\/pv_[0-9a-f]{40}\.json$/);
    expect(() => vehiclePseudonym(vin, Buffer.alloc(8))).toThrow();
    const repo = await buildScenario().builder.publish();
    const everything = [...repo.files.values()].map((b) => Buffer.from(b).toString('latin1')).join('\n');
    expect(everything).not.toContain(vin);
  });
});

describe('key directory', () => {
  it('creates Ed25519 keys with mode 0600 in a 0700 directory and refuses readable keys', async () => {
    const dir = join(await tempDir('keys'), 'keys');
    const keys = openKeyDirectory(dir);
    const signer = keys.loadOrCreate('snapshot');
    expect((await stat(join(dir, 'snapshot.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(keys.loadOrCreate('snapshot').keyId).toBe(signer.keyId);
    const message = Buffer.from('hello');
    const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(signer.publicKey.keyval.public, 'hex')]);
    const pub = createPublicKey({ key: der, format: 'der', type: 'spki' });
    expect(edVerify(null, message, pub, await signer.sign(message))).toBe(true);
    await chmod(join(dir, 'snapshot.key'), 0o644);
    expect(() => keys.load('snapshot')).toThrow(/0600/);
    expect(() => keys.loadOrCreate('../escape')).toThrow(/invalid key name/);
  });
});
