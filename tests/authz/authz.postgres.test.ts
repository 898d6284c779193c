import { dropPostgresSchema, openStore } from '../../src/store';
import { testDatabaseUrl, uniqueSchema } from '../../src/testing';
import { authzMatrix } from './authz-matrix.suite';

authzMatrix('postgres', async () => {
  const schema = uniqueSchema();
  const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
  return { store, cleanup: async () => { await store.close(); await dropPostgresSchema(testDatabaseUrl, schema); } };
});
