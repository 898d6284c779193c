import { resolve } from 'node:path';
import { ForecourtError } from '../kernel';
import type { Db } from './db';
import { migrate } from './migrate-io';
import { openPgliteDb } from './pglite-db-io';
import { openPostgresDb } from './postgres-db-io';
import { createStore, type Store } from './store';

export interface StoreConfig {
  /** PostgreSQL server; when absent, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files; `memory` keeps it in memory. */
  dataDir: string;
  /** Postgres schema for isolation (tests, several platforms on one server). */
  schema?: string | undefined;
}

/** Opens the configured database, applies migrations, and returns the store. */
export async function openStore(config: StoreConfig): Promise<Store> {
  let db: Db;
  if (config.databaseUrl) {
    try {
      db = await openPostgresDb({ url: config.databaseUrl, ...(config.schema ? { schema: config.schema } : {}) });
    } catch (err) {
      throw new ForecourtError('STORE_UNAVAILABLE', `cannot connect to PostgreSQL at ${redactUrl(config.databaseUrl)}: ${(err as Error).message}`);
    }
  } else {
    db = await openPgliteDb(config.dataDir === 'memory' ? undefined : resolve(config.dataDir, 'pglite'));
  }
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return createStore(db);
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
