import { openPostgresTestStore } from '../testing';
import { catalogApiContract } from './offer-catalog-api.suite';

catalogApiContract('postgres', () => openPostgresTestStore('fc_test'));
