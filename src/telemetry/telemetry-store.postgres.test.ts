import { openPostgresTestStore } from '../testing';
import { telemetryStoreContract } from './telemetry-store-contract.suite';

telemetryStoreContract('postgres', () => openPostgresTestStore('fc_test'));
