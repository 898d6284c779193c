import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../kernel';
import type { Db } from '../store';
import { hmiPlacementStore } from './hmi-placement-store';
import { createHmiRepository, type HmiRepository } from './hmi-repository';
import { createRepositoryBuilder, openKeyDirectory, readPublishedState, repositoryKeysFrom, writeRepository, type RepositoryKeys } from './signing';

export interface HmiRepositoryLocation {
  /** The folder vehicles fetch the repository from (served by a CDN or object store). */
  readonly repoDir: string;
  /** The key directory (`openKeyDirectory`): repository keys and the placement pseudonym key. */
  readonly keyDir: string;
}

export interface OpenedHmiRepository {
  readonly repository: HmiRepository;
  /** What the folder published before this process opened it (null: nothing yet). */
  readonly resumedVersions: Readonly<Record<string, number>> | null;
  readonly restored: { vehicles: number; differing: number };
}

/** Serialises HMI publishes across processes sharing one database (pg_advisory_xact_lock key). */
const PUBLISH_LOCK = 7274710;

async function timestampVersion(repoDir: string): Promise<number | null> {
  try {
    const doc = JSON.parse(await readFile(join(repoDir, 'timestamp.json'), 'utf8')) as { signed?: { version?: unknown } };
    return typeof doc.signed?.version === 'number' ? doc.signed.version : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function resumedBuilder(repoDir: string, keys: RepositoryKeys, clock: Clock, placementBinBits: number | undefined) {
  const state = await readPublishedState(repoDir);
  const builder = createRepositoryBuilder({ keys, clock, ...(state ? { resume: state } : {}), ...(placementBinBits !== undefined ? { placementBinBits } : {}) });
  return { builder, state };
}

/**
 * Opens the HMI repository of a folder: the keys from the key directory (created on first use),
 * the builder resumed from what the folder already publishes (so versions only go up), and
 * every vehicle's placement from the database ledger. Each mutation runs in a transaction under
 * an advisory lock and first re-reads the folder if another process published since, so the
 * outbox worker and the release revocation can share one folder.
 */
export async function openHmiRepository(db: Db, where: HmiRepositoryLocation, clock: Clock, options: { placementBinBits?: number } = {}): Promise<OpenedHmiRepository> {
  const keyDir = openKeyDirectory(where.keyDir);
  const keys = repositoryKeysFrom(keyDir);
  const { builder, state } = await resumedBuilder(where.repoDir, keys, clock, options.placementBinBits);
  const repository = createHmiRepository({
    builder, clock, pseudonymKey: keyDir.loadOrCreateSecret('placement-pseudonym'),
    publishedTimestamp: state?.timestampVersion ?? null,
    publish: (repo) => writeRepository(where.repoDir, repo),
    withLedger: (fn) => db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK]);
      return fn(hmiPlacementStore(tx));
    }),
    refresh: async (last) => ((await timestampVersion(where.repoDir)) === last ? null : (await resumedBuilder(where.repoDir, keys, clock, options.placementBinBits)).builder),
  });
  const restored = await repository.restore();
  const resumedVersions = state ? { root: state.rootFiles.length, snapshot: state.snapshotVersion, timestamp: state.timestampVersion, ...state.roleVersions } : null;
  return { repository, resumedVersions, restored };
}
