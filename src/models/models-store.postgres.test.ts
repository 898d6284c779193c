import { dropPostgresSchema, openStore } from '../store';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { modelsStoreContract } from './models-store.suite';

modelsStoreContract('postgres', async () => {
  const schema = uniqueSchema('fc_models');
  const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropPostgresSchema(testDatabaseUrl, schema);
    },
  };
});
