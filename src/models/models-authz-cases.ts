import type { RouteCase } from '../../tests/authz/route-case';
import type { Store } from '../store';
import { modelsStore, seedModelLogs } from './models-store';

/** Model, decision and measurement routes in the authorisation matrix (tests/authz). */
export const modelsAuthzCases: RouteCase[] = [
  { method: 'GET', route: '/api/v1/models/versions', permission: 'models.read', object: 'none', url: () => '/api/v1/models/versions' },
  { method: 'POST', route: '/api/v1/models/train', permission: 'models.train', object: 'none', url: () => '/api/v1/models/train', body: () => ({ method: 't-learner', base: 'logistic' }) },
  { method: 'GET', route: '/api/v1/measurement/report', permission: 'models.read', object: 'none', url: () => '/api/v1/measurement/report?format=csv' },
  { method: 'GET', route: '/api/v1/measurement/charts/:name.svg', permission: 'models.read', object: 'none', url: () => '/api/v1/measurement/charts/lift.svg' },
  { method: 'POST', route: '/api/v1/decisions', permission: 'plan.run', object: 'owner', url: () => '/api/v1/decisions', body: ({ id }) => ({ ownerId: id, campaignId: 'matrix' }) },
  { method: 'GET', route: '/api/v1/decisions', permission: 'customers.read', object: 'owner', url: (id) => `/api/v1/decisions?ownerId=${id}` },
  { method: 'POST', route: '/api/v1/decisions/exposures', permission: 'plan.run', object: 'owner', url: () => '/api/v1/decisions/exposures', body: ({ id }) => ({ decisionId: `matrix-dec-${id}`, ownerId: id }) },
];

/**
 * A small set of simulated exposures and outcomes, so training and the report have data, and a
 * randomised campaign over the fixture's US owners, so every seat's scoped report has a chart
 * (for dealer A's two customers it is the "withheld" chart of the release threshold).
 */
export async function modelsAuthzSetup(store: Store): Promise<void> {
  await seedModelLogs(store.db, { scenario: 'demo', seed: 3, vehicles: 150, months: 3 });
  const at = '2026-03-01T00:00:00.000Z';
  const arms: [string, string][] = [['own-1', 'service-0'], ['own-2', 'none'], ['own-3', 'service-10']];
  const models = modelsStore(store.db);
  await models.addExposures(arms.map(([ownerId, arm]) => ({
    exposureId: `matrix-${ownerId}`, campaignId: 'matrix-campaign', ownerId, arm, channel: arm === 'none' ? null : 'email', exposedAt: at,
    propensity: 1 / 3, holdout: arm === 'none', features: { vehicleAgeYears: 3 },
  })));
  await models.addOutcomes(arms.map(([ownerId], i) => ({
    exposureId: `matrix-${ownerId}`, observedAt: '2026-03-30T00:00:00.000Z', converted: i !== 1, grossProfit: 50, active: true, repurchased: false,
  })));
  // A logged decision per fixture owner, so reporting it shown has an object in every tenant.
  await models.logDecisions(['own-1', 'own-2', 'own-3', 'own-4'].map((ownerId) => ({
    decisionId: `matrix-dec-${ownerId}`, at: at, ownerId, modelVersions: ['channel-bandit@1'], action: 'off-brake-pads|email|dlr-a', propensity: 0.5,
    holdout: false, scores: {}, reasons: ['matrix'], campaignId: 'matrix-campaign',
  })));
}
