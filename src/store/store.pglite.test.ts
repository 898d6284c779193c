import { openStore } from './open-store-io';
import { storeContract } from './store-contract.suite';

storeContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
