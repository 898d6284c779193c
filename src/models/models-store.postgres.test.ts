import { openPostgresTestStore } from '../testing';
import { modelsStoreContract } from './models-store.suite';

modelsStoreContract('postgres', () => openPostgresTestStore('fc_models'));
