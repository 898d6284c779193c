import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ForecourtError } from '../kernel';
import type { Db } from './db';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
const fileName = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The migrations shipped with this build, in order. */
export function loadMigrations(dir: string = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => fileName.test(f))
    .sort()
    .map((f) => {
      const m = fileName.exec(f)!;
      const sql = readFileSync(`${dir}/${f}`, 'utf8');
      return { version: Number(m[1]), name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrationReport {
  applied: number[];
  alreadyApplied: number[];
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so
 * several workers starting against one PostgreSQL server apply them once.
 * An applied migration whose file changed since is a hard error.
 */
export async function migrate(db: Db, migrations: Migration[] = loadMigrations()): Promise<MigrationReport> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7274101)');
    const { rows } = await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations ORDER BY version');
    const done = new Map(rows.map((r) => [Number(r.version), r.checksum]));
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      const seen = done.get(m.version);
      if (seen !== undefined) {
        if (seen !== m.checksum) {
          throw new ForecourtError('MIGRATION_CHECKSUM_MISMATCH', `migration ${m.version}_${m.name} was changed after it was applied`, { version: m.version });
        }
        report.alreadyApplied.push(m.version);
        continue;
      }
      try {
        await tx.exec(m.sql);
      } catch (err) {
        throw new ForecourtError('MIGRATION_FAILED', `migration ${m.version}_${m.name} failed: ${(err as Error).message}`, { version: m.version });
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      report.applied.push(m.version);
    }
    return report;
  });
}

export async function pendingMigrations(db: Db, migrations: Migration[] = loadMigrations()): Promise<number[]> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return migrations.map((m) => m.version);
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(rows.map((r) => Number(r.version)));
  return migrations.filter((m) => !done.has(m.version)).map((m) => m.version);
}
