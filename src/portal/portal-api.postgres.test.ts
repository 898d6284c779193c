import { openPostgresTestStore } from '../testing';
import { portalApiContract } from './portal-api.suite';

portalApiContract('postgres', () => openPostgresTestStore('fc_test'));
