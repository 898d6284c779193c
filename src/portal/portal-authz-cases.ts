import type { RouteCase } from '../../tests/authz/route-case';

/**
 * Authorisation-matrix cases for the dealer portal (tests/authz). A dealer gets its own
 * portal; another dealer's id answers 404 exactly like a missing one; roles without the
 * permission get 403. The customer list carries personal data, so it needs `customers.read`.
 */
export const portalAuthzCases: RouteCase[] = [
  { method: 'GET', route: '/api/v1/dealers/:id/portal/customers', permission: 'customers.read', object: 'dealer', url: (id) => `/api/v1/dealers/${id}/portal/customers` },
  { method: 'GET', route: '/api/v1/dealers/:id/portal/summary', permission: 'portal.read', object: 'dealer', url: (id) => `/api/v1/dealers/${id}/portal/summary` },
];
