import { createPublicKey } from 'node:crypto';
import { Metadata, MetadataKind, type Root, type Snapshot, type Targets, type Timestamp } from '@tufjs/models';
import { fail } from './attack-class.js';
import { parseStrictJson } from './strict-json.js';

type Key = Root['keys'][string];
type Role = Root['roles'][string];
type AnySigned = Root | Timestamp | Snapshot | Targets;

interface KindMap {
  root: Root;
  timestamp: Timestamp;
  snapshot: Snapshot;
  targets: Targets;
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PEM_HEADER = '-----BEGIN PUBLIC KEY-----';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Milliseconds since the epoch of a TUF `expires`, or undefined when it is not
 * a strict RFC 3339 UTC time. tuf-js treats an unparseable value as "never
 * expires"; we treat it as expired.
 */
export function parseExpires(expires: unknown): number | undefined {
  if (typeof expires !== 'string' || !RFC3339_UTC.test(expires)) return undefined;
  const ms = Date.parse(expires);
  return Number.isFinite(ms) ? ms : undefined;
}

export function isExpiredAt(expires: unknown, now: Date): boolean {
  const ms = parseExpires(expires);
  return ms === undefined || ms <= now.getTime();
}

/**
 * Parses one metadata file strictly: JSON, expected `_type` (type confusion is
 * mix-and-match), no keyid signing twice, integer version, parseable expiry,
 * then @tufjs/models' own parser.
 */
export function parseMetadata<K extends keyof KindMap>(bytes: Uint8Array, kind: K, label: string): Metadata<KindMap[K]> {
  const data = parseStrictJson(bytes, label);
  if (!isRecord(data) || !isRecord(data.signed) || !Array.isArray(data.signatures)) fail('schema_violation', `${label}: not a metadata envelope`);
  const signed = data.signed;
  if (signed._type !== kind) fail('mix_and_match', `${label}: expected ${kind} metadata, got ${String(signed._type)}`);
  const keyIds = data.signatures.map((s: unknown) => (isRecord(s) ? s.keyid : undefined));
  if (new Set(keyIds).size !== keyIds.length) fail('under_threshold', `${label}: the same keyid signs more than once`);
  if (typeof signed.version !== 'number' || !Number.isSafeInteger(signed.version) || signed.version < 1) {
    fail('schema_violation', `${label}: version must be a positive safe integer`);
  }
  if (parseExpires(signed.expires) === undefined) fail('expired', `${label}: expires ${JSON.stringify(signed.expires)} cannot be parsed; treated as expired`);
  try {
    return Metadata.fromJSON(kind as MetadataKind.Root, data as never) as unknown as Metadata<KindMap[K]>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/threshold/i.test(message)) fail('invalid_threshold', `${label}: ${message}`);
    if (/duplicate key/i.test(message)) fail('duplicate_key', `${label}: ${message}`);
    fail('schema_violation', `${label}: ${message}`);
  }
}

/** The key's public bytes in one normal form (SPKI DER, hex), whatever encoding the document used. */
export function publicKeyFingerprint(key: Key): string {
  const value = key.keyVal.public;
  if (typeof value !== 'string' || value.length === 0) fail('schema_violation', `key ${key.keyID} has no public value`);
  try {
    if (value.startsWith(PEM_HEADER)) return createPublicKey(value).export({ type: 'spki', format: 'der' }).toString('hex');
    if (key.keyType === 'ed25519' && /^[0-9a-f]{64}$/i.test(value)) {
      return Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(value, 'hex')]).toString('hex');
    }
  } catch {
    // fall through
  }
  fail('schema_violation', `key ${key.keyID}: unsupported or malformed public key`);
}

/** One public key listed under two keyids would count twice towards a threshold in tuf-js. */
export function assertDistinctKeys(keys: Readonly<Record<string, Key>>, label: string): void {
  const seen = new Map<string, string>();
  for (const [keyId, key] of Object.entries(keys)) {
    const print = publicKeyFingerprint(key);
    const other = seen.get(print);
    if (other !== undefined) fail('duplicate_key', `${label}: keyids ${other} and ${keyId} are the same public key`);
    seen.set(print, keyId);
  }
}

export function assertValidThreshold(role: Role, keys: Readonly<Record<string, Key>>, label: string): void {
  const known = role.keyIDs.filter((id) => keys[id] !== undefined).length;
  if (!Number.isSafeInteger(role.threshold) || role.threshold < 1 || role.threshold > known) {
    fail('invalid_threshold', `${label}: threshold ${role.threshold} with ${known} known keys`);
  }
}

/** Counts valid signatures by distinct public key; none valid is a forgery, too few is under threshold. */
export function assertSignedBy(keys: Readonly<Record<string, Key>>, role: Role, metadata: Metadata<AnySigned>, label: string): void {
  const valid = new Set<string>();
  for (const keyId of role.keyIDs) {
    const key = keys[keyId];
    if (!key) continue;
    try {
      key.verifySignature(metadata);
      valid.add(publicKeyFingerprint(key));
    } catch {
      // not signed by this key
    }
  }
  if (valid.size === 0) fail('forged_signature', `${label}: no valid signature from an authorised key`);
  if (valid.size < role.threshold) fail('under_threshold', `${label}: ${valid.size} of ${role.threshold} required signatures`);
}
