import { dropPostgresSchema, openStore, type Store } from '../store';
import { testDatabaseUrl, uniqueSchema } from './postgres-test-io';

/** A store on the test PostgreSQL server in a fresh schema, and the cleanup that drops it. */
export async function openPostgresTestStore(prefix: string): Promise<{ store: Store; cleanup(): Promise<void> }> {
  const schema = uniqueSchema(prefix);
  const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropPostgresSchema(testDatabaseUrl, schema);
    },
  };
}
