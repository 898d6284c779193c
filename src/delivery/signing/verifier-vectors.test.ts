import { createHash, createPublicKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, installTrustedRoot, memorySource, type AttackClass, type VehicleContext, type VerifyResult } from '../../../packages/verifier/src/index';
import { targetFileUrl, type PublishedRepository } from './repository-builder';
import { currentRoleName, readJson, refreshSnapshot, replaceTargetBytes, resignRole, signRaw, writeJson, type Json, type RepoFiles } from './repository-mutations';
import { generateEd25519Signer, type Signer } from './signer';
import { buildScenario, card, ITEM_DE, json, makePng, OTHER_VEHICLE, T0, VEHICLE, type Scenario } from './test-fixtures';

/**
 * The verifier test-vector suite (THREATS.md §8.1, §9): every vector is built by
 * the repository builder and the mutation helpers, never by hand-edited
 * signatures, and names the attack class the verifier must report.
 */
const HOUR = 3_600_000;
const NOW = new Date(Date.parse(T0) + HOUR);
const PARKED = { gear: 'P', speedKph: 0 };
const dirs: string[] = [];

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Client {
  verify(files: ReadonlyMap<string, Uint8Array>, options?: { now?: Date; state?: unknown; vehicle?: string; context?: VehicleContext; nonce?: string }): Promise<VerifyResult>;
}

async function client(initialRoot: Uint8Array): Promise<Client> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'forecourt-vehicle-'));
  dirs.push(cacheDir);
  await installTrustedRoot(cacheDir, initialRoot);
  return {
    verify: (files, o = {}) =>
      createVerifier({ cacheDir, source: memorySource(files), policy: { platform: 'hmi', allowedUrlHosts: [] } }).verify({
        vehicleId: o.vehicle ?? VEHICLE, vehicleState: o.state ?? PARKED, now: o.now ?? NOW, ...(o.context ? { vehicleContext: o.context } : {}), ...(o.nonce ? { reportNonce: o.nonce } : {}),
      }),
  };
}

async function published(s: Scenario = buildScenario()): Promise<{ s: Scenario; repo: PublishedRepository; files: RepoFiles }> {
  const repo = await s.builder.publish();
  return { s, repo, files: new Map(repo.files) };
}

const online = (s: Scenario) => ({ snapshot: s.keys.snapshot, timestamp: s.keys.timestamp });
const attackers = (n: number): Signer[] => Array.from({ length: n }, () => generateEd25519Signer());

/** A new root version with `edit` applied to its signed part, signed by `signers`. */
async function pushRoot(files: RepoFiles, signers: readonly (Signer | { signer: Signer; keyId: string })[], edit: (signed: Json) => void, fileVersion?: number): Promise<void> {
  const signed = structuredClone(readJson(files, '1.root.json').signed as Json);
  signed.version = 2;
  edit(signed);
  writeJson(files, `${fileVersion ?? 2}.root.json`, await signRaw(signed, signers));
}

/** Verifies a first repository (the vehicle's prior state), then the attack. */
async function afterSync(first: RepoFiles, initialRoot: Uint8Array, attack: RepoFiles, now = NOW): Promise<VerifyResult> {
  const c = await client(initialRoot);
  const before = await c.verify(first, { now });
  if (!before.ok) throw new Error(`precondition failed: ${before.attackClass} ${before.detail}`);
  return c.verify(attack, { now: new Date(now.getTime() + 60_000) });
}

interface Vector {
  readonly name: string;
  readonly threat: string;
  readonly expect: AttackClass;
  run(): Promise<VerifyResult>;
}

const vectors: Vector[] = [
  {
    name: 'forged NSC manifest (keys not delegated)', threat: 'SC-01', expect: 'forged_signature',
    async run() {
      const { s, repo, files } = await published();
      const name = await resignRole(files, 'nsc-de', attackers(2));
      await refreshSnapshot(files, online(s), { 'nsc-de': name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'top-level offers manifest with one of two approvals', threat: 'SC-02', expect: 'under_threshold',
    async run() {
      const { s, repo, files } = await published();
      const name = await resignRole(files, 'targets', [s.keys.targets.signers[0]!]);
      await refreshSnapshot(files, online(s), { targets: name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'one valid signature repeated under the same keyid', threat: 'SC-03', expect: 'under_threshold',
    async run() {
      const { s, repo, files } = await published();
      const name = await resignRole(files, 'targets', [s.keys.targets.signers[0]!]);
      const env = readJson(files, name);
      const sig = (env.signatures as Json[])[0]!;
      writeJson(files, name, { ...env, signatures: [sig, sig, sig, sig, sig] });
      await refreshSnapshot(files, online(s), { targets: name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'root lists one public key under two keyids (hex and PEM) to fake a 2-of-N', threat: 'SC-04', expect: 'duplicate_key',
    async run() {
      const { s, repo, files } = await published();
      const k = s.keys.targets.signers[0]!;
      const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(k.publicKey.keyval.public, 'hex')]);
      const pem = createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();
      const alias = 'f'.repeat(64);
      await pushRoot(files, s.keys.root.signers, (signed) => {
        (signed.keys as Json)[alias] = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: pem } };
        (signed.roles as Json).targets = { keyids: [k.keyId, alias], threshold: 2 };
      });
      const name = await resignRole(files, 'targets', [k]);
      const env = readJson(files, name);
      writeJson(files, name, await signRaw(env.signed as Json, [k, { signer: k, keyId: alias }]));
      await refreshSnapshot(files, online(s), { targets: name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'root with threshold 0 for offers', threat: 'SC-05', expect: 'invalid_threshold',
    async run() {
      const { s, repo, files } = await published();
      await pushRoot(files, s.keys.root.signers, (signed) => ((signed.roles as Record<string, Json>).targets!.threshold = 0));
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'root with threshold above its key count', threat: 'SC-05', expect: 'invalid_threshold',
    async run() {
      const { s, repo, files } = await published();
      await pushRoot(files, s.keys.root.signers, (signed) => ((signed.roles as Record<string, Json>).targets!.threshold = 4));
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'timestamp served where the offers manifest is expected', threat: 'SC-06', expect: 'mix_and_match',
    async run() {
      const { repo, files } = await published();
      files.set(currentRoleName(files, 'targets'), files.get('timestamp.json')!);
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'frozen repository: timestamp expired at trusted time', threat: 'SC-07', expect: 'freeze',
    async run() {
      const { repo, files } = await published();
      return (await client(repo.initialRoot)).verify(files, { now: new Date(Date.parse(T0) + 25 * HOUR) });
    },
  },
  {
    name: 'replayed older, still unexpired timestamp', threat: 'SC-08', expect: 'rollback',
    async run() {
      const s = buildScenario();
      const v1 = new Map((await s.builder.publish()).files);
      const repo = await s.builder.publish();
      return afterSync(new Map(repo.files), repo.initialRoot, v1);
    },
  },
  {
    name: 'offers manifest rolled back (snapshot lists an older NSC manifest)', threat: 'SC-09', expect: 'rollback',
    async run() {
      const s = buildScenario();
      const v1 = await s.builder.publish();
      const oldName = currentRoleName(new Map(v1.files), 'nsc-de');
      s.builder.putOffer('nsc-de/dealer-0042/extra.json', json(card('01J0ABCDEFGHJKMNPQRSTVWXY0')), { itemId: '01J0ABCDEFGHJKMNPQRSTVWXY0', revision: 1, notBefore: T0, notAfter: '2026-12-31T00:00:00Z' });
      const repo = await s.builder.publish();
      const attack = new Map(repo.files);
      await refreshSnapshot(attack, online(s), { 'nsc-de': oldName });
      return afterSync(new Map(repo.files), repo.initialRoot, attack);
    },
  },
  {
    name: 'same timestamp version re-issued with different bytes', threat: 'SC-10', expect: 'rollback',
    async run() {
      const { s, repo, files } = await published();
      const attack = new Map(files);
      const env = readJson(attack, 'timestamp.json');
      const signed = structuredClone(env.signed as Json);
      signed.expires = '2026-11-21T07:00:00Z';
      writeJson(attack, 'timestamp.json', await signRaw(signed, [s.keys.timestamp]));
      return afterSync(files, repo.initialRoot, attack);
    },
  },
  {
    name: 'snapshot drops a previously listed manifest', threat: 'SC-11', expect: 'rollback',
    async run() {
      const { s, repo, files } = await published();
      const attack = new Map(files);
      await refreshSnapshot(attack, online(s), {}, (signed) => delete (signed.meta as Json)['nsc-fr.json']);
      return afterSync(files, repo.initialRoot, attack);
    },
  },
  {
    name: 'snapshot bytes differ from the hash in the timestamp', threat: 'SC-12', expect: 'mix_and_match',
    async run() {
      const { s, repo, files } = await published();
      const name = `${(readJson(files, 'timestamp.json').signed as { meta: Record<string, { version: number }> }).meta['snapshot.json']!.version}.snapshot.json`;
      const signed = structuredClone(readJson(files, name).signed as Json);
      signed.expires = '2026-11-21T07:00:00Z';
      writeJson(files, name, await signRaw(signed, [s.keys.snapshot]));
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'item bytes replaced on the CDN', threat: 'SC-14', expect: 'hash_mismatch',
    async run() {
      const { s, repo, files } = await published();
      replaceTargetBytes(files, targetFileUrl(s.dePath, s.entries[0]!.sha256), json(card(ITEM_DE, { title: 'Alles gratis' })));
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: '10 MiB timestamp', threat: 'SC-16', expect: 'oversized',
    async run() {
      const { repo, files } = await published();
      files.set('timestamp.json', Buffer.alloc(10 * 1024 * 1024, 0x20));
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'root v2 signed only by new keys', threat: 'SC-18', expect: 'forged_signature',
    async run() {
      const { repo, files } = await published();
      const fresh = attackers(3);
      await pushRoot(files, fresh, (signed) => {
        for (const k of fresh) (signed.keys as Json)[k.keyId] = { ...k.publicKey };
        (signed.roles as Json).root = { keyids: fresh.map((k) => k.keyId), threshold: 2 };
      });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'root file 2 carrying version 3 (version skip)', threat: 'SC-18', expect: 'rollback',
    async run() {
      const { s, repo, files } = await published();
      await pushRoot(files, s.keys.root.signers, (signed) => (signed.version = 3));
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'placement for vehicle A served to vehicle B', threat: 'SC-20', expect: 'wrong_vehicle',
    async run() {
      const { s, repo, files } = await published();
      // Compromised placement key: B's placement path now holds A's document.
      const path = `placements/${OTHER_VEHICLE}.json`;
      const bytes = json({ vehicle: VEHICLE, show: s.entries });
      const sha = createHash('sha256').update(bytes).digest('hex');
      files.set(targetFileUrl(path, sha), bytes);
      const bin = binFor(files, path);
      const name = await resignRole(files, bin, [s.keys.placement], (signed) => ((signed.targets as Json)[path] = { length: bytes.length, hashes: { sha256: sha } }));
      await refreshSnapshot(files, online(s), { [bin]: name });
      return (await client(repo.initialRoot)).verify(files, { vehicle: OTHER_VEHICLE });
    },
  },
  {
    name: "yesterday's placement replayed after a new report nonce", threat: 'SC-21', expect: 'rollback',
    async run() {
      const s = buildScenario();
      s.builder.setPlacement(VEHICLE, s.entries, 'nonce-of-monday-report');
      const { repo, files } = await published(s);
      const c = await client(repo.initialRoot);
      const monday = await c.verify(files, { nonce: 'nonce-of-monday-report' });
      if (!monday.ok) throw new Error(`precondition failed: ${monday.attackClass}`);
      return c.verify(files, { nonce: 'nonce-of-tuesday-report', now: new Date(NOW.getTime() + 60_000) });
    },
  },
  {
    name: 'placement lists a path no manifest covers', threat: 'SC-22', expect: 'unknown_target',
    async run() {
      const s = buildScenario();
      s.builder.setPlacement(VEHICLE, [...s.entries, { path: 'nsc-de/dealer-0042/not-approved.json', sha256: 'a'.repeat(64), revision: 1, slot: 'home-card-3' }]);
      const { repo, files } = await published(s);
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'placement hash differs from the approved manifest', threat: 'SC-22', expect: 'mix_and_match',
    async run() {
      const s = buildScenario();
      s.builder.setPlacement(VEHICLE, [{ ...s.entries[0]!, sha256: 'b'.repeat(64) }]);
      const { repo, files } = await published(s);
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'NSC manifest with a duplicated "version" key (parser differential)', threat: 'SC-28', expect: 'schema_violation',
    async run() {
      const { s, repo, files } = await published();
      const name = currentRoleName(files, 'nsc-de');
      const text = Buffer.from(files.get(name)!).toString('utf8');
      const version = (readJson(files, name).signed as { version: number }).version;
      files.set(name, Buffer.from(text.replace(`"version":${version}`, `"version":${version + 5},"version":${version}`)));
      await refreshSnapshot(files, online(s), { 'nsc-de': name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'dealer-scoped item placed on a vehicle of another NSC', threat: 'SC-20', expect: 'scope_mismatch',
    async run() {
      const { repo, files } = await published(buildScenario({ deCustom: { scope: { nsc: 'de', dealer: '0042' }, hardware: ['hmi-gen5'] } }));
      return (await client(repo.initialRoot)).verify(files, { context: { nsc: 'fr', hardwareId: 'hmi-gen5' } });
    },
  },
  {
    name: 'item approved for other hardware', threat: '§2.4 step 7', expect: 'scope_mismatch',
    async run() {
      const { repo, files } = await published(buildScenario({ deCustom: { hardware: ['app-ios'] } }));
      return (await client(repo.initialRoot)).verify(files, { context: { nsc: 'de', dealer: '0042', hardwareId: 'hmi-gen5' } });
    },
  },
  {
    name: 'item pinned only by md5', threat: 'SC-30', expect: 'hash_mismatch',
    async run() {
      const { s, repo, files } = await published();
      const content = files.get(targetFileUrl(s.dePath, s.entries[0]!.sha256))!;
      const md5 = createHash('md5').update(content).digest('hex');
      const name = await resignRole(files, 'nsc-de', s.keys.nsc.de!.signers, (signed) => {
        const entry = (signed.targets as Record<string, Json>)[s.dePath]!;
        entry.hashes = { md5 };
      });
      await refreshSnapshot(files, online(s), { 'nsc-de': name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'nsc-fr key signs an nsc-de item', threat: 'SC-23', expect: 'delegation_out_of_scope',
    async run() {
      const { s, repo, files } = await published();
      const name = await resignRole(files, 'nsc-fr', s.keys.nsc.fr!.signers, (signed) => {
        (signed.targets as Json)['nsc-de/dealer-0042/cheap.json'] = { length: 10, hashes: { sha256: 'c'.repeat(64) } };
      });
      await refreshSnapshot(files, online(s), { 'nsc-fr': name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'role delegated by two parents (nsc-fr re-delegates nsc-de to its own key)', threat: 'tuf-js gap', expect: 'delegation_not_tree',
    async run() {
      const { s, repo, files } = await published();
      const fr = s.keys.nsc.fr!.signers;
      const name = await resignRole(files, 'nsc-fr', fr, (signed) => {
        signed.delegations = {
          keys: { [fr[0]!.keyId]: { ...fr[0]!.publicKey } },
          roles: [{ name: 'nsc-de', keyids: [fr[0]!.keyId], threshold: 1, terminating: true, paths: ['nsc-de/*/*'] }],
        };
      });
      await refreshSnapshot(files, online(s), { 'nsc-fr': name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'older item revision after a newer one', threat: 'SC-24', expect: 'rollback',
    async run() {
      const s = buildScenario();
      const first = await s.builder.publish();
      const older = s.builder.putOffer(s.dePath, json(card(ITEM_DE, { title: 'Alter Preis' })), { itemId: ITEM_DE, revision: 2, notBefore: '2026-11-01T00:00:00Z', notAfter: '2026-12-31T23:59:59Z' });
      s.builder.setPlacement(VEHICLE, [{ ...s.entries[0]!, sha256: older.sha256, revision: 2 }]);
      const second = await s.builder.publish();
      return afterSync(new Map(first.files), first.initialRoot, new Map(second.files));
    },
  },
  {
    name: 'trusted time moves backwards', threat: 'SC-26', expect: 'untrusted_time',
    async run() {
      const { repo, files } = await published();
      const c = await client(repo.initialRoot);
      await c.verify(files);
      return c.verify(files, { now: new Date(NOW.getTime() - 10 * 60_000) });
    },
  },
  {
    name: 'offers manifest expired (offline role)', threat: 'SC-07', expect: 'expired',
    async run() {
      const { s, repo, files } = await published();
      const name = await resignRole(files, 'targets', s.keys.targets.signers.slice(0, 2), (signed) => (signed.expires = '2026-11-20T08:30:00Z'));
      await refreshSnapshot(files, online(s), { targets: name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'NSC manifest whose expires cannot be parsed', threat: 'tuf-js gap', expect: 'expired',
    async run() {
      const { s, repo, files } = await published();
      const name = await resignRole(files, 'nsc-de', s.keys.nsc.de!.signers, (signed) => (signed.expires = 'next tuesday'));
      await refreshSnapshot(files, online(s), { 'nsc-de': name });
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'unsafe path in a placement', threat: 'SC-32', expect: 'schema_violation',
    async run() {
      const s = buildScenario();
      s.builder.setPlacement(VEHICLE, [{ ...s.entries[0]!, path: '../../etc/passwd' }]);
      const { repo, files } = await published(s);
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'oversized item (64 KiB card)', threat: 'CT-22', expect: 'oversized',
    async run() {
      const s = buildScenario({ deContent: json(card(ITEM_DE, { body: 'x'.repeat(64 * 1024) })) });
      const { repo, files } = await published(s);
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  {
    name: 'pixel-flood PNG header (30000×30000)', threat: 'CT-10', expect: 'oversized',
    async run() {
      const s = buildScenario({ hero: { bytes: makePng(30_000, 30_000, 1), mediaType: 'image/png' } });
      const { repo, files } = await published(s);
      return (await client(repo.initialRoot)).verify(files);
    },
  },
  ...(
    [
      ['markup in title', 'CT-01', { title: '<script>alert(1)</script>' }],
      ['template syntax in body', 'CT-02', { body: 'Hallo {{user.email}}' }],
      ['bare domain in body', 'CT-03', { body: 'Mehr auf evil.com' }],
      ['cta.url on the HMI', 'CT-05', { cta: { action: 'OPEN_DETAILS', url: 'https://example.com/x' } }],
      ['action outside the fixed list', 'CT-06', { cta: { action: 'ACTIVATE_FEATURE' } }],
      ['bidi override in title', 'CT-12', { title: 'Preis \u202E99.00€' }],
      ['zero-width joiner inside a word', 'CT-13', { title: 'FR\u200DEE' }],
      ['unknown extra field', 'CT-21', { onClick: 'steal()' }],
      ['price without disclaimer', '§2.6', { price: { currency: 'EUR', amountMinor: 9900 } }],
    ] as const
  ).map(([name, threat, override]): Vector => ({
    name: `schema: ${name}`, threat, expect: 'schema_violation',
    async run() {
      const { repo, files } = await published(buildScenario({ cardOverride: override }));
      return (await client(repo.initialRoot)).verify(files);
    },
  })),
  ...(
    [
      ['SVG hero', 'CT-07', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'), 'image/svg+xml'],
      ['GIF bytes declared as PNG', 'CT-09', Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;', 'latin1'), 'image/png'],
      ['PNG with a ZIP appended (polyglot)', 'CT-08', Buffer.concat([makePng(8, 8), Buffer.from('PK\u0003\u0004zip', 'latin1')]), 'image/png'],
    ] as const
  ).map(([name, threat, bytes, mediaType]): Vector => ({
    name: `image: ${name}`, threat, expect: 'schema_violation',
    async run() {
      const { repo, files } = await published(buildScenario({ hero: { bytes, mediaType } }));
      return (await client(repo.initialRoot)).verify(files);
    },
  })),
];

/** The hash bin (TUF succinct delegation) that holds `path`. */
function binFor(files: RepoFiles, path: string): string {
  const placement = readJson(files, currentRoleName(files, 'placement')).signed as { delegations: { succinct_roles: { bit_length: number } } };
  const bits = placement.delegations.succinct_roles.bit_length;
  const n = createHash('sha256').update(path).digest().readUInt32BE(0) >>> (32 - bits);
  return `placement-bin-${n.toString(16).padStart((2 ** bits - 1).toString(16).length, '0')}`;
}

describe('verifier test vectors', () => {
  it('accepts the valid repository and shows its offers when parked', async () => {
    const { repo, files } = await published();
    const result = await (await client(repo.initialRoot)).verify(files);
    expect(result).toMatchObject({ ok: true, show: true });
    if (!result.ok) return;
    expect(result.offers.map((o) => o.slot)).toEqual(['home-card-1', 'home-card-2']);
    expect(result.offers[0]!.hero).toMatchObject({ mediaType: 'image/png', width: 64, height: 36 });
  });

  it('verifies but does not show while the vehicle is moving (driver distraction)', async () => {
    const { repo, files } = await published();
    const result = await (await client(repo.initialRoot)).verify(files, { state: { gear: 'D', speedKph: 42 } });
    expect(result).toMatchObject({ ok: true, show: false, reason: 'not_parked' });
    const rolling = await (await client(repo.initialRoot)).verify(files, { state: { gear: 'P', speedKph: 3 } });
    expect(rolling).toMatchObject({ ok: true, show: false, reason: 'not_parked' });
  });

  it('judges expiry by the caller\'s trusted time, not the head unit clock (tuf-js reference-time hook)', async () => {
    const { repo, files } = await published();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.parse(T0) + 30 * 24 * HOUR)); // RTC a month ahead
    expect(await (await client(repo.initialRoot)).verify(files)).toMatchObject({ ok: true });
    vi.setSystemTime(new Date(Date.parse(T0) - 365 * 24 * HOUR)); // RTC a year behind
    expect(await (await client(repo.initialRoot)).verify(files, { now: new Date(Date.parse(T0) + 25 * HOUR) })).toMatchObject({ ok: false, attackClass: 'freeze' });
  });

  it('shows a scoped item to a vehicle of that dealer and hardware', async () => {
    const { repo, files } = await published(buildScenario({ deCustom: { scope: { nsc: 'de', dealer: '0042' }, hardware: ['hmi-gen5'] } }));
    const result = await (await client(repo.initialRoot)).verify(files, { context: { nsc: 'de', dealer: '0042', hardwareId: 'hmi-gen5' } });
    expect(result).toMatchObject({ ok: true, show: true });
  });

  it('SC-25: hides items before notBefore − 5 min or after notAfter, shows within the tolerance', async () => {
    const s = buildScenario();
    const soon = s.builder.putOffer('oem/soon.json', json(card('01J0ABCDEFGHJKMNPQRSTVWXY1')), { itemId: '01J0ABCDEFGHJKMNPQRSTVWXY1', revision: 1, notBefore: '2026-11-20T09:04:00Z', notAfter: '2026-12-31T00:00:00Z' });
    const later = s.builder.putOffer('oem/later.json', json(card('01J0ABCDEFGHJKMNPQRSTVWXY2')), { itemId: '01J0ABCDEFGHJKMNPQRSTVWXY2', revision: 1, notBefore: '2026-11-22T09:00:00Z', notAfter: '2026-12-31T00:00:00Z' });
    const past = s.builder.putOffer('oem/past.json', json(card('01J0ABCDEFGHJKMNPQRSTVWXY3')), { itemId: '01J0ABCDEFGHJKMNPQRSTVWXY3', revision: 1, notBefore: '2026-10-01T00:00:00Z', notAfter: '2026-11-01T00:00:00Z' });
    s.builder.setPlacement(VEHICLE, [soon, later, past].map((o, i) => ({ path: o.path, sha256: o.sha256, revision: 1, slot: `slot-${i}` })));
    const { repo, files } = await published(s);
    const result = await (await client(repo.initialRoot)).verify(files);
    expect(result.ok && result.offers.map((o) => o.path)).toEqual(['oem/soon.json']);
  });

  it.each(vectors.map((v) => [`${v.threat} ${v.name}`, v] as const))('rejects %s', async (_label, vector) => {
    const result = await vector.run();
    if (process.env.SHOW_VECTORS) console.log(vector.name, "=>", JSON.stringify(result).slice(0, 300));
    expect(result.ok, JSON.stringify(result)).toBe(false);
    if (result.ok) return;
    expect({ attackClass: result.attackClass, detail: result.detail }).toMatchObject({ attackClass: vector.expect });
  });
});
