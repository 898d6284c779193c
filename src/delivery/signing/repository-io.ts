import { mkdir, open, rename } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PublishedRepository } from './repository-builder';

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
