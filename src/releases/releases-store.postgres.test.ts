import { openPostgresTestStore } from '../testing';
import { releasesStoreContract } from './releases-store.suite';

releasesStoreContract('postgres', () => openPostgresTestStore('fc_releases'));
