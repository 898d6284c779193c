import { openStore } from '../store';
import { networkStoreContract } from './network-store-contract.suite';

networkStoreContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
