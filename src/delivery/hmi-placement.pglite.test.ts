import { openStore } from '../store';
import { hmiPlacementContract } from './hmi-placement.suite';

hmiPlacementContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
