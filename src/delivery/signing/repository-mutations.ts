import { createHash } from 'node:crypto';
import type { Signer } from './signer';

/**
 * Mutation helpers for red-team test vectors (THREATS.md §9): they take a
 * published repository and re-sign altered metadata with whichever keys an
 * attacker is assumed to hold. Never used by the publishing pipeline.
 */
export type RepoFiles = Map<string, Uint8Array>;
export type Json = Record<string, unknown>;

/** OLPC canonical JSON as TUF signs it (sorted keys; only `"` and `\` escaped). */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  if (typeof value === 'boolean' || value === null || Number.isInteger(value)) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Json;
    return `{${Object.keys(obj).sort().map((k) => `${canonicalJson(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  throw new TypeError(`cannot canonicalise ${String(value)}`);
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function readJson(files: RepoFiles, name: string): Json {
  const bytes = files.get(name);
  if (!bytes) throw new Error(`no ${name} in repository`);
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as Json;
}

export function writeJson(files: RepoFiles, name: string, value: unknown): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(value));
  files.set(name, bytes);
  return bytes;
}

/** Signs a raw `signed` object (even an invalid one) with each signer, optionally under a different keyid. */
export async function signRaw(signed: Json, signers: readonly (Signer | { signer: Signer; keyId: string })[]): Promise<Json> {
  const bytes = Buffer.from(canonicalJson(signed));
  const signatures = [];
  for (const s of signers) {
    const signer = 'signer' in s ? s.signer : s;
    const keyid = 'signer' in s ? s.keyId : s.keyId;
    signatures.push({ keyid, sig: Buffer.from(await signer.sign(bytes)).toString('hex') });
  }
  return { signed, signatures };
}

export function currentSnapshotName(files: RepoFiles): string {
  const ts = readJson(files, 'timestamp.json');
  const meta = (ts.signed as Json).meta as Record<string, { version: number }>;
  return `${meta['snapshot.json']!.version}.snapshot.json`;
}

/** `<version>.<role>.json` that the current snapshot points at. */
export function currentRoleName(files: RepoFiles, role: string): string {
  const snap = readJson(files, currentSnapshotName(files));
  const meta = (snap.signed as Json).meta as Record<string, { version: number }>;
  const entry = meta[`${role}.json`];
  if (!entry) throw new Error(`${role} not in snapshot`);
  return `${entry.version}.${role}.json`;
}

/**
 * Edits the current metadata of a targets role, bumps its version and re-signs
 * it with `signers`. Returns the new file name. Call `refreshSnapshot` after.
 */
export async function resignRole(files: RepoFiles, role: string, signers: readonly Signer[], edit: (signed: Json) => void = () => undefined): Promise<string> {
  const signed = structuredClone(readJson(files, currentRoleName(files, role)).signed as Json);
  signed.version = (signed.version as number) + 1;
  edit(signed);
  const name = `${String(signed.version)}.${role}.json`;
  writeJson(files, name, await signRaw(signed, signers));
  return name;
}

export interface OnlineKeys {
  readonly snapshot: Signer;
  readonly timestamp: Signer;
}

/**
 * Publishes a new snapshot (listing the newest file of each `changed` role) and
 * timestamp with the online keys, as an attacker holding those keys could.
 */
export async function refreshSnapshot(files: RepoFiles, keys: OnlineKeys, changed: Record<string, string>, editSnapshot: (signed: Json) => void = () => undefined): Promise<void> {
  const snapshotSigned = structuredClone(readJson(files, currentSnapshotName(files)).signed as Json);
  const meta = snapshotSigned.meta as Record<string, Json>;
  for (const [role, fileName] of Object.entries(changed)) {
    const bytes = files.get(fileName)!;
    const version = (readJson(files, fileName).signed as Json).version as number;
    meta[`${role}.json`] = { version, length: bytes.length, hashes: { sha256: sha256(bytes) } };
  }
  snapshotSigned.version = (snapshotSigned.version as number) + 1;
  editSnapshot(snapshotSigned);
  const snapshotBytes = writeJson(files, `${String(snapshotSigned.version)}.snapshot.json`, await signRaw(snapshotSigned, [keys.snapshot]));
  const tsSigned = structuredClone(readJson(files, 'timestamp.json').signed as Json);
  tsSigned.version = (tsSigned.version as number) + 1;
  tsSigned.meta = { 'snapshot.json': { version: snapshotSigned.version, length: snapshotBytes.length, hashes: { sha256: sha256(snapshotBytes) } } };
  writeJson(files, 'timestamp.json', await signRaw(tsSigned, [keys.timestamp]));
}

/** Replaces a target file's bytes under its published URL (a tampering CDN). */
export function replaceTargetBytes(files: RepoFiles, url: string, bytes: Uint8Array): void {
  if (!files.has(url)) throw new Error(`no ${url}`);
  files.set(url, bytes);
}
