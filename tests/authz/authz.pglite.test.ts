import { openStore } from '../../src/store';
import { authzMatrix } from './authz-matrix.suite';

authzMatrix('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
