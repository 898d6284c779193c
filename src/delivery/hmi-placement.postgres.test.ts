import { dropPostgresSchema, openStore } from '../store';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { hmiPlacementContract } from './hmi-placement.suite';

hmiPlacementContract('postgres', async () => {
  const schema = uniqueSchema('fc_hmi_placements');
  const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropPostgresSchema(testDatabaseUrl, schema);
    },
  };
});
