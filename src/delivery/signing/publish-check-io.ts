import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVerifier, installTrustedRoot, memorySource, type ContentPolicy, type VerifyResult } from '../../../packages/verifier/src/index';
import type { PublishedRepository } from './repository-builder';

export interface PublishCheck {
  readonly vehicleId: string;
  readonly result: VerifyResult;
}

/**
 * Runs the vehicle verifier over a repository before it is uploaded
 * (THREATS.md §2.4: a broken signature must fail in CI, not in cars), as a
 * fresh vehicle provisioned with the initial root would see it.
 */
export async function checkBeforePublish(repo: PublishedRepository, options: { vehicleIds: readonly string[]; now: Date; policy?: ContentPolicy }): Promise<PublishCheck[]> {
  const results: PublishCheck[] = [];
  for (const vehicleId of options.vehicleIds) {
    const cacheDir = await mkdtemp(join(tmpdir(), 'forecourt-publish-check-'));
    try {
      await installTrustedRoot(cacheDir, repo.initialRoot);
      const verifier = createVerifier({ cacheDir, source: memorySource(repo.files), policy: options.policy ?? { platform: 'hmi', allowedUrlHosts: [] } });
      results.push({ vehicleId, result: await verifier.verify({ vehicleId, vehicleState: { gear: 'P', speedKph: 0 }, now: options.now }) });
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  }
  return results;
}
