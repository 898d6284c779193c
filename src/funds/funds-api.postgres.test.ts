import { openPostgresTestStore } from '../testing';
import { fundsApiContract } from './funds-api.suite';

fundsApiContract('postgres', () => openPostgresTestStore('fc_test'));
