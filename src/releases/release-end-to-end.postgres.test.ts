import { openPostgresTestStore } from '../testing';
import { releaseEndToEnd } from './release-end-to-end.suite';

releaseEndToEnd('postgres', () => openPostgresTestStore('fc_release_e2e'));
