import { openPostgresTestStore } from '../testing';
import { networkStoreContract } from './network-store-contract.suite';

networkStoreContract('postgres', () => openPostgresTestStore('fc_test'));
