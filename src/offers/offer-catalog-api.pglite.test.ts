import { openStore } from '../store';
import { catalogApiContract } from './offer-catalog-api.suite';

catalogApiContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
