import { openStore } from '../store';
import { releaseEndToEnd } from './release-end-to-end.suite';

releaseEndToEnd('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
