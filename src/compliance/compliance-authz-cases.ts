import type { RouteCase } from '../../tests/authz/route-case';
import type { Store } from '../store';
import { reviewStore } from './review-store';

const blocked = { market: 'US', channel: 'push', vehicle: { model: 'Halden Vireo', adasLevel: 2, certifiedFeatures: [] }, consent: { telematicsMarketing: true, channelMarketing: true }, text: 'Your Vireo drives itself on the highway. Book a test drive!' };
let reviewIds: string[] = [];

/** Compliance routes in the authorisation matrix (tests/authz). */
export const complianceAuthzCases: RouteCase[] = [
  { method: 'GET', route: '/api/v1/compliance/rules', permission: 'compliance.check', object: 'none', url: () => '/api/v1/compliance/rules' },
  { method: 'POST', route: '/api/v1/compliance/check', permission: 'compliance.check', object: 'none', url: () => '/api/v1/compliance/check', body: () => ({ messages: [blocked] }) },
  { method: 'GET', route: '/api/v1/compliance/reviews', permission: 'compliance.review', object: 'none', url: () => '/api/v1/compliance/reviews' },
  { method: 'GET', route: '/api/v1/compliance/reviews/:id', permission: 'compliance.review', object: 'none', url: () => `/api/v1/compliance/reviews/${reviewIds[0]}` },
  // Each call acts on its own pending item: an item accepts one closing action.
  { method: 'POST', route: '/api/v1/compliance/reviews/:id/actions', permission: 'compliance.review', object: 'none', url: () => `/api/v1/compliance/reviews/${reviewIds.pop()}/actions`,
    body: () => ({ type: 'reject', reason: 'claims autonomy' }) },
  { method: 'POST', route: '/api/v1/compliance/reviews/:id/regression-case', permission: 'compliance.review', object: 'none', url: () => `/api/v1/compliance/reviews/${reviewIds[0]}/regression-case`,
    body: () => ({ expectedViolations: ['ADAS-001'] }) },
  { method: 'GET', route: '/api/v1/compliance/regression-cases', permission: 'compliance.review', object: 'none', url: () => '/api/v1/compliance/regression-cases' },
];

/** Pending review items owned by the OEM, for the read and action cases. */
export async function complianceAuthzSetup(store: Store): Promise<void> {
  const reviews = reviewStore(store.db);
  reviewIds = [];
  for (let i = 0; i < 6; i++) reviewIds.push((await reviews.open(blocked, 'oem', 'matrix', new Date('2026-04-01T08:00:00Z'))).item.id);
}
