export type { Db, QueryResult } from './db';
export { openPgliteDb } from './pglite-db-io';
export { openPostgresDb, dropPostgresSchema } from './postgres-db-io';
export { migrate, loadMigrations, pendingMigrations, type Migration, type MigrationReport } from './migrate-io';
export { createStore, type Store, type Overview, type MarketOverview } from './store';
export { openStore, redactUrl, type StoreConfig } from './open-store-io';
export { globalScope, scopePredicate, type TenantScope } from './scope';
export type { Page } from './customer-repo';
export type { DealerView } from './network-repo';
