import { openStore } from '../store';
import { fundsApiContract } from './funds-api.suite';

fundsApiContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
