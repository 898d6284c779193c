import { dropPostgresSchema, openStore } from '../store';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { portalApiContract } from './portal-api.suite';

portalApiContract('postgres', async () => {
  const schema = uniqueSchema();
  const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
  return { store, cleanup: async () => { await store.close(); await dropPostgresSchema(testDatabaseUrl, schema); } };
});
