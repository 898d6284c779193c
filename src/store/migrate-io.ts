import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ForecourtError } from '../kernel';
import type { Db } from './db';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const srcDir = fileURLToPath(new URL('../', import.meta.url));
const fileName = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Migration folders: the core schema in src/store/migrations, and each
 * capability's own tables in src/<capability>/migrations. Version numbers are
 * one global sequence; each capability takes its own range (ARCHITECTURE.md),
 * so capabilities never collide.
 */
export function migrationDirs(root: string = srcDir): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, d.name, 'migrations'))
    .filter((dir) => existsSync(dir));
}

/** The migrations shipped with this build, in version order. */
export function loadMigrations(dirs: string[] = migrationDirs()): Migration[] {
  const all: Migration[] = [];
  for (const dir of dirs) {
    for (const f of readdirSync(dir)) {
      const m = fileName.exec(f);
      if (!m) continue;
      const sql = readFileSync(join(dir, f), 'utf8');
      all.push({ version: Number(m[1]), name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') });
    }
  }
  all.sort((a, b) => a.version - b.version);
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.version === all[i - 1]!.version) {
      throw new ForecourtError('MIGRATION_FAILED', `two migrations share version ${all[i]!.version}: ${all[i - 1]!.name} and ${all[i]!.name}`);
    }
  }
  return all;
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
