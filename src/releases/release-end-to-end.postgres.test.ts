import { dropPostgresSchema, openStore } from '../store';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { releaseEndToEnd } from './release-end-to-end.suite';

releaseEndToEnd('postgres', async () => {
  const schema = uniqueSchema('fc_release_e2e');
  const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropPostgresSchema(testDatabaseUrl, schema);
    },
  };
});
