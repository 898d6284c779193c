import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fetcher } from 'tuf-js';
import { DownloadHTTPError, DownloadLengthMismatchError } from 'tuf-js/dist/error.js';
import { VerificationFailure } from './attack-class.js';
import type { RepositorySource } from './repository-source.js';

export const TUF_BASE_URL = 'https://tuf.invalid/';

/** tuf-js's Fetcher interface over a RepositorySource (no network of its own). */
export function sourceFetcher(source: RepositorySource): Fetcher {
  const downloadBytes = async (url: string, maxLength: number): Promise<Buffer> => {
    if (!url.startsWith(TUF_BASE_URL)) throw new DownloadHTTPError(`unexpected url ${url}`, 404);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await source.read(url.slice(TUF_BASE_URL.length), maxLength);
    } catch (error) {
      if (error instanceof VerificationFailure && error.attackClass === 'oversized') throw new DownloadLengthMismatchError(error.message);
      throw error;
    }
    if (!bytes) throw new DownloadHTTPError(`not found: ${url}`, 404);
    return Buffer.from(bytes);
  };
  return {
    downloadBytes,
    async downloadFile(url, maxLength, handler) {
      const bytes = await downloadBytes(url, maxLength);
      const dir = await mkdtemp(join(tmpdir(), 'forecourt-verifier-'));
      try {
        const file = join(dir, 'download');
        await writeFile(file, bytes);
        return await handler(file);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
