import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';

const CACHE_NAME = /^[A-Za-z0-9][A-Za-z0-9._%-]*\.json$/;

/**
 * Writes `name` in `dir` atomically: a temp file in the same directory is
 * written, fsynced and renamed over the old file, so a power cut leaves
 * either the old or the new root.json, never a torn one.
 */
export async function writeFileAtomic(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  if (!CACHE_NAME.test(name)) throw new Error(`unsafe cache file name ${name}`);
  const tmp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, join(dir, name));
}

export async function readCacheFile(dir: string, name: string): Promise<Uint8Array | undefined> {
  if (!CACHE_NAME.test(name)) return undefined;
  return readFile(join(dir, name)).catch(() => undefined);
}

/** Provisions the trusted root (delivered with the head-unit software) into an empty cache. */
export async function installTrustedRoot(dir: string, rootBytes: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(dir, 'root.json', rootBytes);
}

/** Copies the cache's metadata files into a scratch directory for tuf-js to work in. */
export async function copyMetadata(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const name of await readdir(from)) {
    if (!CACHE_NAME.test(name) || name === 'state.json') continue;
    await writeFile(join(to, name), await readFile(join(from, name)));
  }
}

/** Promotes every metadata file tuf-js accepted; root.json last. */
export async function promoteMetadata(from: string, to: string): Promise<void> {
  const names = (await readdir(from)).filter((n) => CACHE_NAME.test(n)).sort((a, b) => Number(a === 'root.json') - Number(b === 'root.json'));
  for (const name of names) await writeFileAtomic(to, name, await readFile(join(from, name)));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
