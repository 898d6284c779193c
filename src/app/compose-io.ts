import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { identityStore, type IdentityStore, type SsoConfig } from '../identity';
import { repoRoot, systemClock, type Clock } from '../kernel';
import { openStore, type Store } from '../store';
import { startTelemetry } from '../telemetry';
import { createAuthenticator } from './auth';
import { capabilityRoutesFor } from './capabilities';
import { createApp } from './create-app';
import { createDemoUsers, type DemoUser } from './demo-users';
import { createCounters, type Counters } from './metrics';
import { seedDemoMarket, type SeedProgress } from './seed-demo';

export interface Platform {
  config: Config;
  store: Store;
  identity: IdentityStore;
  counters: Counters;
  app: FastifyInstance;
  /** Users created by this start's demo seed (empty when the database was already seeded). */
  demoUsers: DemoUser[];
  /** Where the demo users' passwords were written, if on disk. */
  demoUsersFile: string | undefined;
  close(): Promise<void>;
}

export const version = '0.1.0';

/**
 * The composition root (STYLE.md §5): builds stores, services and routes from
 * configuration, by hand. `main` only listens.
 */
export async function compose(config: Config, opts: { clock?: Clock; sso?: SsoConfig; onSeedProgress?: (p: SeedProgress) => void } = {}): Promise<Platform> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
  try {
    const counters = createCounters();
    const clock = opts.clock ?? systemClock;
    const identity = identityStore(store.db);
    // Telemetry ingest (HTTP routes, and MQTT when MQTT_URL is set) shares this store and the live counters.
    const telemetry = await startTelemetry({ store, counters, clock, mqttUrl: config.mqttUrl });
    let demoUsers: DemoUser[] = [];
    let demoUsersFile: string | undefined;
    if (config.seedDemo && (await store.overview({ kind: 'global' })).totals.markets === 0) {
      await seedDemoMarket(store, { vehicles: config.demoVehicles, seed: config.seed, ...(opts.onSeedProgress ? { onProgress: opts.onSeedProgress } : {}) });
      demoUsers = await createDemoUsers(store, identity);
      if (config.dataDir !== 'memory') {
        mkdirSync(config.dataDir, { recursive: true });
        demoUsersFile = resolve(config.dataDir, 'demo-users.json');
        writeFileSync(demoUsersFile, `${JSON.stringify(demoUsers, null, 2)}\n`, { mode: 0o600 });
        chmodSync(demoUsersFile, 0o600);
      }
    }
    const app = await createApp({
      store,
      counters,
      clock,
      identity,
      authenticate: createAuthenticator(identity, opts.sso),
      webRoot: resolve(repoRoot(), 'web/dist'),
      logLevel: config.logLevel,
      version,
      rateLimitPerMinute: config.rateLimitPerMinute === 0 ? false : config.rateLimitPerMinute,
    }, capabilityRoutesFor(config));
    return {
      config, store, identity, counters, app, demoUsers, demoUsersFile,
      async close() {
        await app.close();
        await telemetry.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
