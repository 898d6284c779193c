import { openPostgresTestStore } from '../testing';
import { decisionLogContract } from './decision-log.suite';

decisionLogContract('postgres', () => openPostgresTestStore('fc_decisions'));
