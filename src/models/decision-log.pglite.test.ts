import { openStore } from '../store';
import { decisionLogContract } from './decision-log.suite';

decisionLogContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
