import type { RouteCase } from '../../tests/authz/route-case';

/** Authorisation-matrix cases for the network routes (tests/authz/capability-cases.ts lists them). */
export const networkAuthzCases: RouteCase[] = [
  { method: 'POST', route: '/api/v1/network/import', permission: 'network.write', object: 'none', url: () => '/api/v1/network/import',
    body: () => ({ format: 'csv', content: 'record,dealerId,day,closed,serviceBays\ncapacity,dlr-a,2026-04-04,false,5\n' }) },
  { method: 'GET', route: '/api/v1/network/utilisation', permission: 'network.read', object: 'none', url: () => '/api/v1/network/utilisation?from=2026-04-01&days=7' },
  { method: 'GET', route: '/api/v1/network/dealers/:id/calendar', permission: 'network.read', object: 'dealer', url: (id) => `/api/v1/network/dealers/${id}/calendar?from=2026-04-01&days=7` },
  { method: 'PUT', route: '/api/v1/network/dealers/:id/capacity/:day', permission: 'network.write', object: 'dealer', url: (id) => `/api/v1/network/dealers/${id}/capacity/2026-04-10`,
    body: () => ({ closed: false, serviceBays: 10 }) },
  { method: 'POST', route: '/api/v1/network/dealers/:id/bookings', permission: 'network.write', object: 'dealer', url: (id) => `/api/v1/network/dealers/${id}/bookings`,
    body: () => ({ day: '2026-04-02', competency: 'general', hours: 0.5 }) },
  { method: 'POST', route: '/api/v1/network/deliver', permission: 'network.read', object: 'vehicle', url: () => '/api/v1/network/deliver',
    body: ({ id }) => ({ offerId: 'off-brakes', vin: id, withinDays: 3 }) },
];
