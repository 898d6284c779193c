import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, QueryResult } from './db';

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(q: Queryable, kind: 'pglite', root: PGlite | undefined): Db {
  return {
    kind,
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (!root) return fn(wrap(q, kind, undefined)); // already inside a transaction
      return root.transaction((tx) => fn(wrap(tx, kind, undefined)));
    },
    async close(): Promise<void> {
      if (root && !root.closed) await root.close();
    },
  };
}

/**
 * Embedded PostgreSQL. `dataDir` undefined → in memory (tests); otherwise the
 * folder is created and the database persists there.
 */
export async function openPgliteDb(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = dataDir ? new PGlite(dataDir) : new PGlite();
  await pg.waitReady;
  return wrap(pg, 'pglite', pg);
}
