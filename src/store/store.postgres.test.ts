import { testDatabaseUrl, uniqueSchema } from '../testing';
import { openStore } from './open-store-io';
import { dropPostgresSchema } from './postgres-db-io';
import { storeContract } from './store-contract.suite';

storeContract('postgres', async () => {
  const schema = uniqueSchema();
  const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropPostgresSchema(testDatabaseUrl, schema);
    },
  };
});
