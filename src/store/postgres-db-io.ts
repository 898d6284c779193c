import pg from 'pg';
import { ForecourtError } from '../kernel';
import type { Db, QueryResult } from './db';

// int8 (bigint) and numeric come back as strings from pg; money columns are
// int8 minor units well inside 2^53, so parse them as numbers like PGlite does.
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

export interface PostgresOptions {
  url: string;
  /** Use this schema (created if missing) instead of `public`: isolates test runs. */
  schema?: string;
  max?: number;
}

// Errors that mean the server went away or is not accepting sessions (restart,
// crash, shutdown, network), not that the statement was wrong: class 08
// (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now).
const lostCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03']);
const lostMessage = /connection terminated|terminating connection|not queryable|connection error|server closed the connection/i;

function lostConnection(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (lostCodes.has(code) || code.startsWith('08'))) return true;
  return lostMessage.test(err.message);
}

/**
 * A lost connection becomes STORE_UNAVAILABLE (retryable: the statement may be
 * sent again once the server is back); every other error passes unchanged.
 */
function storeError(err: unknown): unknown {
  if (err instanceof ForecourtError || !lostConnection(err)) return err;
  return new ForecourtError('STORE_UNAVAILABLE', `lost the connection to PostgreSQL: ${(err as Error).message}`, { cause: (err as { code?: unknown }).code ?? null });
}

function clientDb(client: pg.PoolClient): Db {
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await client.query(sql, params as unknown[] | undefined).catch((err: unknown) => Promise.reject(storeError(err)));
      return { rows: r.rows as T[] };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql).catch((err: unknown) => Promise.reject(storeError(err)));
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      return fn(this); // nested: already inside the outer transaction
    },
    async close(): Promise<void> {},
  };
}

export async function openPostgresDb(options: PostgresOptions): Promise<Db> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new RangeError(`invalid schema name ${schema}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    // search_path set at connection start, so every pooled client sees the schema.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection (server restart). The pool replaces
    // it on the next query; the error surfaces there, not as a crash here.
  });
  if (schema) {
    const c = await pool.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      c.release();
    }
  }
  // Fail fast with a clear error if the server is unreachable.
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await pool.query(sql, params as unknown[] | undefined).catch((err: unknown) => Promise.reject(storeError(err)));
      return { rows: r.rows as T[] };
    },
    async exec(sql: string): Promise<void> {
      await pool.query(sql).catch((err: unknown) => Promise.reject(storeError(err)));
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      const client = await pool.connect().catch((err: unknown) => Promise.reject(storeError(err)));
      // A checked-out client has no pool listener: without this one, a server
      // that goes away between two statements would crash the process with an
      // unhandled 'error' event. The pending or next statement fails instead.
      let broken: Error | undefined;
      const onError = (err: Error): void => {
        broken = err;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(clientDb(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (!broken) await client.query('ROLLBACK').catch(() => {});
        throw storeError(err);
      } finally {
        client.removeListener('error', onError);
        // A broken client is destroyed, not returned to the pool.
        client.release(broken);
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}

/** Drops a schema created for an isolated test run. */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`invalid schema name ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
