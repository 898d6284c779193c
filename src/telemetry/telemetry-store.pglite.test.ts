import { openStore } from '../store';
import { telemetryStoreContract } from './telemetry-store-contract.suite';

telemetryStoreContract('pglite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});
