import { randomBytes } from 'node:crypto';

/** The PostgreSQL server the tests use (running on development and CI machines). */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name, so concurrent test files and runs never share tables. */
export function uniqueSchema(prefix = 'fc_test'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}
