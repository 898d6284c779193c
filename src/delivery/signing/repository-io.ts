import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ForecourtError } from '../../kernel';
import { PLACEMENT_PREFIX } from './placement-path';
import { sha256Hex, targetFileUrl, type PlacementEntry, type PublishedRepository, type PublishedState } from './repository-builder';

async function writeAtomic(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

/**
 * Writes a published repository into `dir` (what a CDN/object store serves).
 * Every file is written atomically; `timestamp.json` goes last so a client
 * never sees a timestamp that points at a snapshot not yet written.
 */
export async function writeRepository(dir: string, repo: PublishedRepository): Promise<void> {
  const base = resolve(dir);
  const entries = [...repo.files].sort(([a], [b]) => Number(a === 'timestamp.json') - Number(b === 'timestamp.json'));
  for (const [path, bytes] of entries) {
    const file = resolve(join(base, path));
    if (!file.startsWith(base + sep)) throw new Error(`path escapes repository: ${path}`);
    await writeAtomic(file, bytes);
  }
}

async function readOptional(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

interface MetaRef { version: number; hashes?: { sha256?: string } }

/**
 * Reads back what `writeRepository` published into `dir` (null when nothing was published yet):
 * the root chain, the versions in the current timestamp and snapshot, and the targets and
 * placements the current targets roles list. Every file is checked against the SHA-256 its
 * parent metadata pins, so a damaged folder is refused rather than resumed.
 */
export async function readPublishedState(dir: string): Promise<PublishedState | null> {
  const base = resolve(dir);
  const read = async (path: string, pinned?: string): Promise<Buffer> => {
    const file = resolve(join(base, path));
    if (!file.startsWith(base + sep)) throw new ForecourtError('VALIDATION_FAILED', `path escapes repository: ${path}`);
    const bytes = await readOptional(file);
    if (!bytes) throw new ForecourtError('VALIDATION_FAILED', `published repository in ${dir} lacks ${path}`);
    if (pinned !== undefined && sha256Hex(bytes) !== pinned) throw new ForecourtError('VALIDATION_FAILED', `published repository in ${dir}: ${path} does not match its pinned hash`);
    return bytes;
  };
  const timestampBytes = await readOptional(join(base, 'timestamp.json'));
  if (!timestampBytes) return null;
  const signedOf = (bytes: Buffer) => (JSON.parse(bytes.toString('utf8')) as { signed: Record<string, unknown> }).signed;
  const timestamp = signedOf(timestampBytes) as { version: number; meta: Record<string, MetaRef> };
  const snapshotRef = timestamp.meta['snapshot.json'];
  if (!snapshotRef) throw new ForecourtError('VALIDATION_FAILED', `published repository in ${dir}: timestamp names no snapshot`);
  const snapshot = signedOf(await read(`${snapshotRef.version}.snapshot.json`, snapshotRef.hashes?.sha256)) as { version: number; meta: Record<string, MetaRef> };

  const rootFiles: Uint8Array[] = [];
  for (let v = 1; ; v++) {
    const bytes = await readOptional(join(base, `${v}.root.json`));
    if (!bytes) break;
    rootFiles.push(bytes);
  }
  const roleVersions: Record<string, number> = {};
  const targets: { path: string; bytes: Uint8Array; custom: Record<string, unknown> }[] = [];
  const placements: { pseudonym: string; show: PlacementEntry[]; reportNonce?: string }[] = [];
  for (const [file, ref] of Object.entries(snapshot.meta)) {
    const name = file.replace(/\.json$/, '');
    roleVersions[name] = ref.version;
    const role = signedOf(await read(`${ref.version}.${name}.json`, ref.hashes?.sha256)) as { targets?: Record<string, { hashes: { sha256: string }; custom?: Record<string, unknown> }> };
    for (const [path, info] of Object.entries(role.targets ?? {})) {
      const bytes = await read(targetFileUrl(path, info.hashes.sha256), info.hashes.sha256);
      if (path.startsWith(`${PLACEMENT_PREFIX}/`)) {
        const doc = JSON.parse(bytes.toString('utf8')) as { vehicle: string; reportNonce?: string; show: PlacementEntry[] };
        placements.push({ pseudonym: doc.vehicle, show: doc.show, ...(doc.reportNonce ? { reportNonce: doc.reportNonce } : {}) });
      } else {
        targets.push({ path, bytes, custom: info.custom ?? {} });
      }
    }
  }
  return { rootFiles, snapshotVersion: snapshot.version, timestampVersion: timestamp.version, roleVersions, targets, placements };
}
