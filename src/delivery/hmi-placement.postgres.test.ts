import { openPostgresTestStore } from '../testing';
import { hmiPlacementContract } from './hmi-placement.suite';

hmiPlacementContract('postgres', () => openPostgresTestStore('fc_hmi_placements'));
