import type { Metadata, Root, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';
import { fail } from './attack-class.js';
import type { VerifierLimits } from './limits.js';
import { assertDistinctKeys, assertSignedBy, assertValidThreshold, isExpiredAt, parseMetadata } from './metadata-parse.js';
import type { RepositorySource } from './repository-source.js';

type Delegations = NonNullable<Targets['delegations']>;
type DelegatedRole = NonNullable<Delegations['roles']>[string];
type SuccinctRoles = NonNullable<Delegations['succinctRoles']>;

/** What the vehicle holds from its last successful refresh (all previously verified). */
export interface CachedMetadata {
  readonly root: Uint8Array;
  readonly timestamp?: Uint8Array;
  readonly snapshot?: Uint8Array;
}

export interface CheckedRepository {
  readonly root: Metadata<Root>;
  /** Newer root files accepted in this refresh, oldest first. */
  readonly newRoots: readonly Uint8Array[];
  readonly timestamp: Uint8Array;
  readonly snapshot: Uint8Array;
  readonly roles: ReadonlyMap<string, Uint8Array>;
  /** The target for `path` found by a pre-order walk of a delegation tree; never undefined. */
  findTarget(path: string): Promise<TargetFile>;
}

const TOP_LEVEL = new Set(['root', 'targets', 'snapshot', 'timestamp']);
const ROLE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const TARGET_PATH = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

function assertTargetPath(path: string, label: string): void {
  if (!TARGET_PATH.test(path) || path.includes('..') || path.length > 200) fail('schema_violation', `${label}: unsafe target path ${JSON.stringify(path)}`);
}

/** Every file must be pinned by length and SHA-256; an md5/sha1-only entry is refused (SC-30). */
function requirePinned(meta: { length?: number; hashes?: Record<string, string> }, label: string): void {
  if (meta.length === undefined || !meta.hashes?.sha256 || !/^[0-9a-f]{64}$/.test(meta.hashes.sha256)) {
    fail('hash_mismatch', `${label}: not pinned by length and sha256`);
  }
}

function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

interface CheckInput {
  readonly source: RepositorySource;
  readonly cached: CachedMetadata;
  readonly now: Date;
  readonly limits: VerifierLimits;
}

/**
 * The verifier's own pass over the TUF client workflow (spec §5.3–5.6), run
 * before tuf-js over the same bytes. It closes tuf-js's gaps and names the
 * attack class of every failure.
 */
export async function checkRepository({ source, cached, now, limits }: CheckInput): Promise<CheckedRepository> {
  // Root (5.3): trusted root, then each N+1 signed by the old and the new threshold.
  let root = parseMetadata(cached.root, 'root', 'trusted root');
  assertDistinctKeys(root.signed.keys, 'trusted root');
  const rootRole = (r: Metadata<Root>, name: string, label: string) => {
    const role = r.signed.roles[name];
    if (!role) fail('schema_violation', `${label}: no ${name} role`);
    assertValidThreshold(role, r.signed.keys, `${label} ${name} role`);
    return role;
  };
  const newRoots: Uint8Array[] = [];
  for (let hop = 0; hop < limits.maxRootRotations; hop++) {
    const version = root.signed.version + 1;
    const bytes = await source.read(`${version}.root.json`, limits.rootMaxBytes);
    if (!bytes) break;
    const next = parseMetadata(bytes, 'root', `root v${version}`);
    assertDistinctKeys(next.signed.keys, `root v${version}`);
    for (const name of TOP_LEVEL) rootRole(next, name, `root v${version}`);
    assertSignedBy(root.signed.keys, rootRole(root, 'root', 'trusted root'), next, `root v${version} (old root keys)`);
    if (next.signed.version !== version) fail('rollback', `root file ${version} carries version ${next.signed.version}`);
    assertSignedBy(next.signed.keys, rootRole(next, 'root', `root v${version}`), next, `root v${version} (new root keys)`);
    root = next;
    newRoots.push(bytes);
  }
  if (isExpiredAt(root.signed.expires, now)) fail('expired', `root v${root.signed.version} expired at ${root.signed.expires}`);
  const keys = root.signed.keys;

  // Stored timestamp/snapshot that no longer verify under the current root are
  // discarded (fast-forward recovery after an online key rotation).
  const storedTimestamp = cached.timestamp && tryParse(() => {
    const md = parseMetadata(cached.timestamp!, 'timestamp', 'stored timestamp');
    assertSignedBy(keys, rootRole(root, 'timestamp', 'root'), md, 'stored timestamp');
    return md;
  });
  const storedSnapshot = storedTimestamp && cached.snapshot && tryParse(() => {
    const md = parseMetadata(cached.snapshot!, 'snapshot', 'stored snapshot');
    assertSignedBy(keys, rootRole(root, 'snapshot', 'root'), md, 'stored snapshot');
    return md;
  });

  // Timestamp (5.4).
  const timestampBytes = await source.read('timestamp.json', limits.timestampMaxBytes);
  if (!timestampBytes) fail('unavailable', 'no timestamp.json');
  const timestamp: Metadata<Timestamp> = parseMetadata(timestampBytes, 'timestamp', 'timestamp');
  assertSignedBy(keys, rootRole(root, 'timestamp', 'root'), timestamp, 'timestamp');
  if (storedTimestamp) {
    const old = storedTimestamp.signed;
    if (timestamp.signed.version < old.version) fail('rollback', `timestamp v${timestamp.signed.version} is older than stored v${old.version}`);
    if (timestamp.signed.version === old.version && !Buffer.from(timestampBytes).equals(Buffer.from(cached.timestamp!))) {
      fail('rollback', `timestamp v${old.version} re-issued with different bytes`);
    }
    if (timestamp.signed.snapshotMeta.version < old.snapshotMeta.version) fail('rollback', 'timestamp points at an older snapshot');
  }
  if (isExpiredAt(timestamp.signed.expires, now)) fail('freeze', `timestamp v${timestamp.signed.version} expired at ${timestamp.signed.expires}`);

  // Snapshot (5.5).
  const snapshotMeta = timestamp.signed.snapshotMeta;
  requirePinned(snapshotMeta, 'timestamp → snapshot');
  const snapshotName = root.signed.consistentSnapshot ? `${snapshotMeta.version}.snapshot.json` : 'snapshot.json';
  const snapshotBytes = await source.read(snapshotName, Math.min(snapshotMeta.length ?? limits.snapshotMaxBytes, limits.snapshotMaxBytes));
  if (!snapshotBytes) fail('unavailable', `no ${snapshotName}`);
  try {
    snapshotMeta.verify(Buffer.from(snapshotBytes));
  } catch (error) {
    fail('mix_and_match', `snapshot does not match the timestamp: ${(error as Error).message}`);
  }
  const snapshot: Metadata<Snapshot> = parseMetadata(snapshotBytes, 'snapshot', 'snapshot');
  assertSignedBy(keys, rootRole(root, 'snapshot', 'root'), snapshot, 'snapshot');
  if (snapshot.signed.version !== snapshotMeta.version) fail('mix_and_match', `snapshot v${snapshot.signed.version}, timestamp says v${snapshotMeta.version}`);
  if (storedSnapshot) {
    for (const [file, old] of Object.entries(storedSnapshot.signed.meta)) {
      const current = snapshot.signed.meta[file];
      if (!current) fail('rollback', `snapshot drops previously listed ${file}`);
      if (current.version < old.version) fail('rollback', `${file} v${current.version} is older than stored v${old.version}`);
    }
  }
  if (isExpiredAt(snapshot.signed.expires, now)) fail('freeze', `snapshot v${snapshot.signed.version} expired at ${snapshot.signed.expires}`);

  // Targets and delegations (5.6), kept a tree.
  const loaded = new Map<string, Metadata<Targets>>();
  const roleBytes = new Map<string, Uint8Array>();
  const declaredBy = new Map<string, { parent: string; role: DelegatedRole }>();
  const succinctBy: { parent: string; role: SuccinctRoles }[] = [];

  const declare = (child: string, parent: string, role: DelegatedRole): void => {
    if (!ROLE_NAME.test(child)) fail('schema_violation', `${parent}: unsafe role name ${JSON.stringify(child)}`);
    if (TOP_LEVEL.has(child)) fail('delegation_not_tree', `${parent} delegates top-level role ${child}`);
    const prior = declaredBy.get(child);
    if (prior && prior.parent !== parent) fail('delegation_not_tree', `${child} is delegated by both ${prior.parent} and ${parent}`);
    const succinctOwner = succinctBy.find((s) => s.parent !== parent && s.role.isDelegatedRole(child));
    if (succinctOwner) fail('delegation_not_tree', `${child} is delegated by both ${succinctOwner.parent} (bins) and ${parent}`);
    declaredBy.set(child, { parent, role });
  };

  const loadRole = async (name: string, parent: string): Promise<Metadata<Targets>> => {
    const done = loaded.get(name);
    if (done) return done;
    const meta = snapshot.signed.meta[`${name}.json`];
    if (!meta) fail('mix_and_match', `${name} is not listed in the snapshot`);
    requirePinned(meta, `snapshot → ${name}`);
    const file = root.signed.consistentSnapshot ? `${meta.version}.${name}.json` : `${name}.json`;
    const bytes = await source.read(file, Math.min(meta.length ?? limits.targetsMaxBytes, limits.targetsMaxBytes));
    if (!bytes) fail('unavailable', `no ${file}`);
    try {
      meta.verify(Buffer.from(bytes));
    } catch (error) {
      fail('mix_and_match', `${name} does not match the snapshot: ${(error as Error).message}`);
    }
    const md: Metadata<Targets> = parseMetadata(bytes, 'targets', name);
    let covers: (path: string) => boolean = () => true;
    if (name === 'targets') {
      assertSignedBy(keys, rootRole(root, 'targets', 'root'), md, name);
    } else {
      const delegator = loaded.get(parent);
      const delegations = delegator?.signed.delegations;
      const explicit = declaredBy.get(name);
      const succinct = delegations?.succinctRoles?.isDelegatedRole(name) ? delegations.succinctRoles : undefined;
      const role = explicit?.parent === parent ? explicit.role : succinct;
      if (!delegations || !role) fail('delegation_not_tree', `${parent} does not delegate ${name}`);
      assertSignedBy(delegations.keys, role, md, name);
      covers = succinct ? (path) => succinct.getRoleForTarget(path) === name : (path) => (role as DelegatedRole).isDelegatedPath(path);
    }
    if (md.signed.version !== meta.version) fail('mix_and_match', `${name} v${md.signed.version}, snapshot says v${meta.version}`);
    if (isExpiredAt(md.signed.expires, now)) fail('expired', `${name} v${md.signed.version} expired at ${md.signed.expires}`);
    const paths = Object.keys(md.signed.targets);
    if (paths.length > limits.maxTargetsPerRole) fail('oversized', `${name} lists ${paths.length} targets`);
    for (const path of paths) {
      assertTargetPath(path, name);
      if (!covers(path)) fail('delegation_out_of_scope', `${name} lists ${path}, outside its delegated paths`);
    }
    const delegations = md.signed.delegations;
    if (delegations) {
      assertDistinctKeys(delegations.keys, `${name} delegations`);
      if (delegations.succinctRoles) {
        const bins = delegations.succinctRoles;
        assertValidThreshold(bins, delegations.keys, `${name} bins`);
        const clash = [...declaredBy].find(([child, d]) => d.parent !== name && bins.isDelegatedRole(child));
        if (clash) fail('delegation_not_tree', `${clash[0]} is delegated by both ${clash[1].parent} and ${name} (bins)`);
        succinctBy.push({ parent: name, role: bins });
      }
      for (const role of Object.values(delegations.roles ?? {})) {
        assertValidThreshold(role, delegations.keys, `${name} → ${role.name}`);
        declare(role.name, name, role);
      }
    }
    loaded.set(name, md);
    roleBytes.set(name, bytes);
    return md;
  };

  const top = await loadRole('targets', 'root');
  // Direct children of the top-level role (NSCs, placement) are few: load them
  // all so that an out-of-scope listing or a second parent anywhere among them
  // is caught even when the requested paths do not lead there.
  const children = Object.keys(top.signed.delegations?.roles ?? {});
  if (children.length > limits.maxEagerRoles) fail('oversized', `targets delegates ${children.length} roles`);
  for (const child of children) await loadRole(child, 'targets');

  const findTarget = async (path: string): Promise<TargetFile> => {
    assertTargetPath(path, 'request');
    const stack: { role: string; parent: string }[] = [{ role: 'targets', parent: 'root' }];
    const visited = new Set<string>();
    while (stack.length > 0 && visited.size <= limits.maxDelegations) {
      const { role, parent } = stack.pop()!;
      if (visited.has(role)) continue;
      const md = await loadRole(role, parent);
      const target = md.signed.targets[path];
      if (target) return target;
      visited.add(role);
      const next: { role: string; parent: string }[] = [];
      for (const child of md.signed.delegations?.rolesForTarget(path) ?? []) {
        next.push({ role: child.role, parent: role });
        if (child.terminating) {
          stack.length = 0;
          break;
        }
      }
      stack.push(...next.reverse());
    }
    fail('unknown_target', `${path} is not covered by any verified role`);
  };

  return { root, newRoots, timestamp: timestampBytes, snapshot: snapshotBytes, roles: roleBytes, findTarget };
}
