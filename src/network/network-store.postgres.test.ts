import { dropPostgresSchema, openStore } from '../store';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { networkStoreContract } from './network-store-contract.suite';

networkStoreContract('postgres', async () => {
  const schema = uniqueSchema();
  const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
  return { store, cleanup: async () => { await store.close(); await dropPostgresSchema(testDatabaseUrl, schema); } };
});
