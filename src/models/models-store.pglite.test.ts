import { openStore } from '../store';
import { modelsStoreContract } from './models-store.suite';

modelsStoreContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
