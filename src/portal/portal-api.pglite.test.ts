import { openStore } from '../store';
import { portalApiContract } from './portal-api.suite';

portalApiContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
