import { openStore } from '../store';
import { planLogsContract } from './plan-logs.suite';

planLogsContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
