import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { repoRoot, systemClock, type Clock } from '../kernel';
import { openStore, type Store } from '../store';
import { createApp } from './create-app';
import { createCounters, type Counters } from './metrics';
import { seedDemoMarket, type SeedProgress } from './seed-demo';

export interface Platform {
  config: Config;
  store: Store;
  counters: Counters;
  app: FastifyInstance;
  close(): Promise<void>;
}

export const version = '0.1.0';

/**
 * The composition root (STYLE.md §5): builds stores, services and routes from
 * configuration, by hand. `main` only listens.
 */
export async function compose(config: Config, opts: { clock?: Clock; onSeedProgress?: (p: SeedProgress) => void } = {}): Promise<Platform> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
  try {
    const counters = createCounters();
    if (config.seedDemo && (await store.overview({ kind: 'global' })).totals.markets === 0) {
      await seedDemoMarket(store, { vehicles: config.demoVehicles, seed: config.seed, ...(opts.onSeedProgress ? { onProgress: opts.onSeedProgress } : {}) });
    }
    const app = await createApp({
      store,
      counters,
      clock: opts.clock ?? systemClock,
      webRoot: resolve(repoRoot(), 'web/dist'),
      logLevel: config.logLevel,
      version,
    });
    return {
      config, store, counters, app,
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
