import { createHash } from 'node:crypto';
import { Metadata, MetadataKind, MetaFile, Root, Snapshot, Targets, Timestamp } from '@tufjs/models';
import { z } from 'zod';
import { ForecourtError, type Clock } from '../../kernel';
import { PLACEMENT_PREFIX, placementPath } from './placement-path';
import { serialiseMetadata, signMetadata } from './sign-metadata';
import type { Signer } from './signer';

export interface RoleKeys {
  readonly signers: readonly Signer[];
  readonly threshold: number;
}

export interface RepositoryKeys {
  readonly root: RoleKeys;
  /** Top-level targets ("offers"): human approvers, two-person threshold. */
  readonly targets: RoleKeys;
  /** One role per national sales company, keyed by country code (`de` → role `nsc-de`). */
  readonly nsc: Readonly<Record<string, RoleKeys>>;
  readonly snapshot: Signer;
  readonly timestamp: Signer;
  /** Online key for the per-vehicle placement role and its hash bins. */
  readonly placement: Signer;
}

export interface Expiries {
  readonly rootDays: number;
  readonly targetsDays: number;
  readonly onlineHours: number;
}

export const defaultExpiries: Expiries = { rootDays: 365, targetsDays: 14, onlineHours: 24 };

export const offerCustomSchema = z.strictObject({
  itemId: z.string().min(1).max(64),
  revision: z.number().int().min(1),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  mediaType: z.string().max(100).optional(),
  /** Who may see it: an NSC and optionally one dealer (THREATS.md §2.4 step 7). */
  scope: z.strictObject({ nsc: z.string().regex(/^[a-z]{2}$/), dealer: z.string().regex(/^[0-9a-z-]{1,32}$/).optional() }).optional(),
  /** Head-unit / app hardware ids the item was approved for. */
  hardware: z.array(z.string().regex(/^[a-z0-9-]{1,32}$/)).min(1).max(16).optional(),
});
export type OfferCustom = z.infer<typeof offerCustomSchema>;

export const placementEntrySchema = z.strictObject({
  path: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  revision: z.number().int().min(1),
  slot: z.string().regex(/^[a-z0-9-]{1,32}$/),
});
export type PlacementEntry = z.infer<typeof placementEntrySchema>;

export interface PublishedRepository {
  /** Every file a CDN serves, by path relative to the repository base URL. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Root metadata version 1: provisioned into vehicles out of band. */
  readonly initialRoot: Uint8Array;
  readonly versions: Readonly<Record<string, number>>;
}

/**
 * What a previously published repository holds (`readPublishedState` reads it back from the
 * folder vehicles fetch): the root chain, the last version of every role, the targets and the
 * placements. A builder resumed from it continues the version counters, so vehicles that
 * trusted the old versions accept the next publish (they refuse rollback).
 */
export interface PublishedState {
  /** `1.root.json` … `N.root.json`, in version order. */
  readonly rootFiles: readonly Uint8Array[];
  readonly snapshotVersion: number;
  readonly timestampVersion: number;
  /** Last published version of each targets role (`targets`, `nsc-de`, `placement`, bins). */
  readonly roleVersions: Readonly<Record<string, number>>;
  readonly targets: readonly { path: string; bytes: Uint8Array; custom: Record<string, unknown> }[];
  readonly placements: readonly { pseudonym: string; show: readonly PlacementEntry[]; reportNonce?: string }[];
}

export interface RepositoryBuilderOptions {
  readonly keys: RepositoryKeys;
  readonly clock: Clock;
  readonly expiries?: Partial<Expiries>;
  /** 2^bits hash bins for placements; keep bins under ~1,000 entries. */
  readonly placementBinBits?: number;
  /** Continue a published repository (same keys); every role is re-signed at the next publish. */
  readonly resume?: PublishedState;
}

export interface RepositoryBuilder {
  putOffer(path: string, content: Uint8Array, custom: OfferCustom): { path: string; sha256: string };
  putAsset(path: string, content: Uint8Array, mediaType: string): { path: string; sha256: string };
  removeOffer(path: string): void;
  /** True when `path` is a target of the repository (an offer or an asset). */
  hasTarget(path: string): boolean;
  /** The bytes and custom metadata of a target (undefined when it is not one). */
  targetOf(path: string): { bytes: Uint8Array; custom: Record<string, unknown> } | undefined;
  /** Puts back a target exactly as `targetOf` returned it (undoing a `removeOffer`). */
  restoreTarget(path: string, target: { bytes: Uint8Array; custom: Record<string, unknown> }): void;
  /** The current placement of a vehicle (empty when it has none). */
  placementOf(pseudonym: string): readonly PlacementEntry[];
  /** `reportNonce` echoes the nonce of the vehicle's last signed promo report (SC-21). */
  setPlacement(pseudonym: string, show: readonly PlacementEntry[], reportNonce?: string): void;
  /** New root version, signed by the old and the new root thresholds. */
  rotateKeys(change: Partial<RepositoryKeys>): Promise<void>;
  /** Removes every offer and empties every placement; publish to take effect. */
  killSwitch(): void;
  publish(): Promise<PublishedRepository>;
  readonly keys: RepositoryKeys;
}

const SAFE_PATH = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9._-]*)*$/;
export const PLACEMENT_ROLE = 'placement';
export const PLACEMENT_BIN_PREFIX = 'placement-bin';
const DAY = 86_400_000;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function nscRoleName(cc: string): string {
  return `nsc-${cc}`;
}

export function assertSafeTargetPath(path: string): void {
  if (!SAFE_PATH.test(path) || path.includes('..') || path.length > 200) {
    throw new ForecourtError('VALIDATION_FAILED', `unsafe target path: ${path}`);
  }
}

/** Which targets role may list `path`: `oem/…` top level, `nsc-<cc>/…` its NSC, `placements/…` a bin. */
export function roleForPath(path: string, nscCodes: readonly string[]): string {
  const head = path.split('/')[0] ?? '';
  if (head === 'oem') return 'targets';
  const cc = nscCodes.find((c) => head === nscRoleName(c));
  if (cc) return nscRoleName(cc);
  throw new ForecourtError('VALIDATION_FAILED', `no role may publish ${path}`);
}

export function targetFileUrl(path: string, sha256: string): string {
  const slash = path.lastIndexOf('/');
  return `targets/${path.slice(0, slash + 1)}${sha256}.${path.slice(slash + 1)}`;
}

type Json = Record<string, unknown>;
const SPEC_VERSION = '1.0.31';

function keyMap(signers: readonly Signer[]): Json {
  return Object.fromEntries(signers.map((s) => [s.keyId, { ...s.publicKey }]));
}

function roleJson(signers: readonly Signer[], threshold: number): Json {
  return { keyids: signers.map((s) => s.keyId), threshold };
}

interface StoredTarget {
  readonly bytes: Uint8Array;
  readonly custom: Record<string, unknown>;
}

interface RoleState {
  version: number;
  fingerprint: string;
  expiresAt: number;
  meta?: MetaFile;
}

export function createRepositoryBuilder(options: RepositoryBuilderOptions): RepositoryBuilder {
  const expiries = { ...defaultExpiries, ...options.expiries };
  const binBits = options.placementBinBits ?? 6;
  let keys = options.keys;
  const nscCodes = Object.keys(keys.nsc);
  const targets = new Map<string, StoredTarget>();
  const placements = new Map<string, { show: readonly PlacementEntry[]; reportNonce?: string }>();
  const files = new Map<string, Uint8Array>();
  const roles = new Map<string, RoleState>();
  let rootVersion = 0;
  let snapshotVersion = 0;
  let timestampVersion = 0;
  let initialRoot: Uint8Array | undefined;

  const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (options.resume) resume(options.resume);

  function resume(state: PublishedState): void {
    if (state.rootFiles.length === 0) throw new ForecourtError('VALIDATION_FAILED', 'a published repository without root metadata cannot be resumed');
    const latest = JSON.parse(Buffer.from(state.rootFiles.at(-1)!).toString('utf8')) as { signed?: { roles?: Record<string, { keyids?: string[] }> } };
    const expected: Record<string, readonly Signer[]> = { root: keys.root.signers, targets: keys.targets.signers, snapshot: [keys.snapshot], timestamp: [keys.timestamp] };
    for (const [role, signers] of Object.entries(expected)) {
      const published = [...(latest.signed?.roles?.[role]?.keyids ?? [])].sort().join(',');
      if (published !== signers.map((s) => s.keyId).sort().join(',')) {
        throw new ForecourtError('CONFIG_INVALID', `the ${role} keys do not match the published root (version ${state.rootFiles.length}); use the keys that signed it, or rotate keys`);
      }
    }
    state.rootFiles.forEach((bytes, i) => files.set(`${i + 1}.root.json`, bytes));
    rootVersion = state.rootFiles.length;
    initialRoot = state.rootFiles[0];
    snapshotVersion = state.snapshotVersion;
    timestampVersion = state.timestampVersion;
    // An empty fingerprint forces a new, higher version of every role at the next publish.
    for (const [name, version] of Object.entries(state.roleVersions)) roles.set(name, { version, fingerprint: '', expiresAt: 0 });
    for (const t of state.targets) {
      assertSafeTargetPath(t.path);
      targets.set(t.path, { bytes: t.bytes, custom: 'itemId' in t.custom ? offerCustomSchema.parse(t.custom) : t.custom });
    }
    for (const p of state.placements) {
      placementPath(p.pseudonym);
      placements.set(p.pseudonym, { show: p.show.map((e) => placementEntrySchema.parse(e)), ...(p.reportNonce ? { reportNonce: p.reportNonce } : {}) });
    }
  }

  const buildRoot = async (version: number, signers: readonly Signer[]): Promise<void> => {
    const k = keys;
    const root = Root.fromJSON({
      _type: 'root', spec_version: SPEC_VERSION, version,
      expires: iso(options.clock().getTime() + expiries.rootDays * DAY),
      consistent_snapshot: true,
      keys: { ...keyMap(k.root.signers), ...keyMap(k.targets.signers), ...keyMap([k.snapshot, k.timestamp]) },
      roles: {
        root: roleJson(k.root.signers, k.root.threshold),
        targets: roleJson(k.targets.signers, k.targets.threshold),
        snapshot: roleJson([k.snapshot], 1),
        timestamp: roleJson([k.timestamp], 1),
      },
    } as never);
    const md = new Metadata(root);
    await signMetadata(md, signers);
    const bytes = serialiseMetadata(md);
    files.set(`${version}.root.json`, bytes);
    if (version === 1) initialRoot = bytes;
    rootVersion = version;
  };

  const targetFiles = (filter: (path: string) => boolean): Json => {
    const out: Json = {};
    for (const [path, t] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
      if (!filter(path)) continue;
      out[path] = { length: t.bytes.length, hashes: { sha256: sha256Hex(t.bytes) }, custom: t.custom };
    }
    return out;
  };

  /** Signs a new version of a targets role when its content changed or half its lifetime has passed. */
  const publishTargetsRole = async (name: string, body: { targets?: Json; delegations?: Json }, signers: readonly Signer[], lifetimeMs: number): Promise<void> => {
    const now = options.clock().getTime();
    const fingerprint = sha256Hex(Buffer.from(JSON.stringify(body)));
    const prev = roles.get(name);
    if (prev && prev.fingerprint === fingerprint && prev.expiresAt - now > lifetimeMs / 2) return;
    const version = (prev?.version ?? 0) + 1;
    const expiresAt = now + lifetimeMs;
    const signed = Targets.fromJSON({
      _type: 'targets', spec_version: SPEC_VERSION, version, expires: iso(expiresAt), targets: body.targets ?? {},
      ...(body.delegations ? { delegations: body.delegations } : {}),
    } as never);
    const md = new Metadata(signed);
    await signMetadata(md, signers);
    const bytes = serialiseMetadata(md);
    files.set(`${version}.${name}.json`, bytes);
    roles.set(name, { version, fingerprint, expiresAt, meta: new MetaFile({ version, length: bytes.length, hashes: { sha256: sha256Hex(bytes) } }) });
  };

  const publish = async (): Promise<PublishedRepository> => {
    const k = keys;
    const now = options.clock().getTime();
    if (rootVersion === 0) await buildRoot(1, k.root.signers);
    for (const [path, t] of targets) files.set(targetFileUrl(path, sha256Hex(t.bytes)), t.bytes);

    const offline = expiries.targetsDays * DAY;
    const online = expiries.onlineHours * 3_600_000;
    const nscRoles = nscCodes.map((cc) => {
      const name = nscRoleName(cc);
      const rk = k.nsc[cc]!;
      return { name, ...roleJson(rk.signers, rk.threshold), terminating: true, paths: [`${name}/*`, `${name}/*/*`, `${name}/*/*/*`] };
    });
    const placementRole = { name: PLACEMENT_ROLE, ...roleJson([k.placement], 1), terminating: true, paths: [`${PLACEMENT_PREFIX}/*`] };
    const delegationKeys = { ...keyMap(nscCodes.flatMap((cc) => k.nsc[cc]!.signers)), ...keyMap([k.placement]) };
    await publishTargetsRole('targets', {
      targets: targetFiles((p) => p.startsWith('oem/')),
      delegations: { keys: delegationKeys, roles: [...nscRoles, placementRole] },
    }, k.targets.signers, offline);
    for (const cc of nscCodes) {
      const name = nscRoleName(cc);
      await publishTargetsRole(name, { targets: targetFiles((p) => p.startsWith(`${name}/`)) }, k.nsc[cc]!.signers, offline);
    }
    const succinctJson = { ...roleJson([k.placement], 1), bit_length: binBits, name_prefix: PLACEMENT_BIN_PREFIX };
    await publishTargetsRole(PLACEMENT_ROLE, { delegations: { keys: keyMap([k.placement]), succinct_roles: succinctJson } }, [k.placement], online);
    const succinct = Metadata.fromJSON(MetadataKind.Targets, JSON.parse(Buffer.from(files.get(`${roles.get(PLACEMENT_ROLE)!.version}.${PLACEMENT_ROLE}.json`)!).toString()) as never).signed.delegations!.succinctRoles!;

    const bins = new Map<string, Json>();
    for (const name of succinct.getRoles()) bins.set(name, {});
    for (const [pseudonym, { show, reportNonce }] of [...placements].sort(([a], [b]) => a.localeCompare(b))) {
      const path = placementPath(pseudonym);
      const bytes = Buffer.from(JSON.stringify({ vehicle: pseudonym, ...(reportNonce ? { reportNonce } : {}), show }));
      const sha = sha256Hex(bytes);
      files.set(targetFileUrl(path, sha), bytes);
      bins.get(succinct.getRoleForTarget(path))![path] = { length: bytes.length, hashes: { sha256: sha } };
    }
    for (const [name, binTargets] of bins) {
      await publishTargetsRole(name, { targets: binTargets }, [k.placement], online);
    }

    snapshotVersion += 1;
    const meta: Record<string, MetaFile> = {};
    for (const [name, state] of roles) if (state.meta) meta[`${name}.json`] = state.meta;
    const snapshot = new Metadata(new Snapshot({ specVersion: SPEC_VERSION, version: snapshotVersion, expires: iso(now + online), meta }));
    await signMetadata(snapshot, [k.snapshot]);
    const snapshotBytes = serialiseMetadata(snapshot);
    files.set(`${snapshotVersion}.snapshot.json`, snapshotBytes);

    timestampVersion += 1;
    const timestamp = new Metadata(new Timestamp({
      specVersion: SPEC_VERSION, version: timestampVersion, expires: iso(now + online),
      snapshotMeta: new MetaFile({ version: snapshotVersion, length: snapshotBytes.length, hashes: { sha256: sha256Hex(snapshotBytes) } }),
    }));
    await signMetadata(timestamp, [k.timestamp]);
    files.set('timestamp.json', serialiseMetadata(timestamp));

    const versions: Record<string, number> = { root: rootVersion, snapshot: snapshotVersion, timestamp: timestampVersion };
    for (const [name, state] of roles) if (state.meta) versions[name] = state.version;
    return { files: new Map(files), initialRoot: initialRoot!, versions };
  };

  return {
    get keys() {
      return keys;
    },
    putOffer(path, content, custom) {
      assertSafeTargetPath(path);
      roleForPath(path, nscCodes);
      const parsed = offerCustomSchema.parse(custom);
      targets.set(path, { bytes: content, custom: parsed });
      return { path, sha256: sha256Hex(content) };
    },
    putAsset(path, content, mediaType) {
      assertSafeTargetPath(path);
      roleForPath(path, nscCodes);
      targets.set(path, { bytes: content, custom: { mediaType } });
      return { path, sha256: sha256Hex(content) };
    },
    removeOffer(path) {
      targets.delete(path);
    },
    hasTarget(path) {
      return targets.has(path);
    },
    targetOf(path) {
      const t = targets.get(path);
      return t ? { bytes: t.bytes, custom: { ...t.custom } } : undefined;
    },
    restoreTarget(path, target) {
      assertSafeTargetPath(path);
      roleForPath(path, nscCodes);
      targets.set(path, { bytes: target.bytes, custom: 'itemId' in target.custom ? offerCustomSchema.parse(target.custom) : { ...target.custom } });
    },
    placementOf(pseudonym) {
      return placements.get(pseudonym)?.show ?? [];
    },
    setPlacement(pseudonym, show, reportNonce) {
      if (reportNonce !== undefined && !/^[A-Za-z0-9_-]{16,64}$/.test(reportNonce)) throw new ForecourtError('VALIDATION_FAILED', 'reportNonce must be 16–64 base64url characters');
      placementPath(pseudonym);
      if (show.length > 20) throw new ForecourtError('VALIDATION_FAILED', 'at most 20 entries per placement');
      placements.set(pseudonym, { show: show.map((e) => placementEntrySchema.parse(e)), ...(reportNonce ? { reportNonce } : {}) });
    },
    async rotateKeys(change) {
      if (rootVersion === 0) await buildRoot(1, keys.root.signers);
      const oldRootSigners = keys.root.signers;
      keys = { ...keys, ...change, nsc: { ...keys.nsc, ...change.nsc } };
      const signers = [...new Map([...oldRootSigners, ...keys.root.signers].map((s) => [s.keyId, s])).values()];
      await buildRoot(rootVersion + 1, signers);
      roles.forEach((state) => (state.fingerprint = ''));
    },
    killSwitch() {
      targets.clear();
      for (const [pseudonym, p] of placements) placements.set(pseudonym, { ...p, show: [] });
    },
    publish,
  };
}
