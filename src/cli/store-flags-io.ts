import { Option, type Command } from 'commander';
import { loadConfig } from '../config';
import { openStore, type Store } from '../store';

/** The database flags every data command takes (same names and env variables as `forecourt serve`). */
export function withStoreFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--database-url <url>', 'PostgreSQL server instead of embedded PGlite (env DATABASE_URL)'))
    .addOption(new Option('--database-schema <name>', 'schema on the PostgreSQL server (env FORECOURT_DATABASE_SCHEMA)'))
    .addOption(new Option('--data-dir <dir>', 'folder of the embedded database (env FORECOURT_DATA_DIR)'));
}

export interface StoreFlags {
  databaseUrl?: string;
  databaseSchema?: string;
  dataDir?: string;
}

/** Opens the configured store, runs `fn`, and closes it whatever happens. */
export async function withCliStore<T>(flags: StoreFlags, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, { databaseUrl: flags.databaseUrl, databaseSchema: flags.databaseSchema, dataDir: flags.dataDir });
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
