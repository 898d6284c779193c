import type { RouteCase } from '../../tests/authz/route-case';
import type { Store } from '../store';
import { seedModelLogs } from './models-store';

/** Model and measurement routes in the authorisation matrix (tests/authz). */
export const modelsAuthzCases: RouteCase[] = [
  { method: 'GET', route: '/api/v1/models/versions', permission: 'models.read', object: 'none', url: () => '/api/v1/models/versions' },
  { method: 'POST', route: '/api/v1/models/train', permission: 'models.train', object: 'none', url: () => '/api/v1/models/train', body: () => ({ method: 't-learner', base: 'logistic' }) },
  { method: 'GET', route: '/api/v1/measurement/report', permission: 'models.read', object: 'none', url: () => '/api/v1/measurement/report?format=csv' },
  { method: 'GET', route: '/api/v1/measurement/charts/:name.svg', permission: 'models.read', object: 'none', url: () => '/api/v1/measurement/charts/lift.svg' },
];

/** A small set of simulated exposures and outcomes, so training and the report have data. */
export async function modelsAuthzSetup(store: Store): Promise<void> {
  await seedModelLogs(store.db, { scenario: 'demo', seed: 3, vehicles: 150, months: 3 });
}
