import { openPostgresTestStore } from '../testing';
import { planLogsContract } from './plan-logs.suite';

planLogsContract('postgres', () => openPostgresTestStore('fc_plan_logs'));
