/**
 * The one database interface every store is written against. Two
 * implementations run the same SQL: PGlite (embedded, the default) and a
 * PostgreSQL server through `pg` (DATABASE_URL).
 */
export interface QueryResult<T> {
  rows: T[];
}

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
