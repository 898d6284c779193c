import { openStore } from '../store';
import { releasesStoreContract } from './releases-store.suite';

releasesStoreContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
