import type { RouteCase } from '../../tests/authz/route-case';

/** Authorisation-matrix cases for the telemetry and V2X routes (tests/authz/capability-cases.ts lists them). */
export const telemetryAuthzCases: RouteCase[] = [
  { method: 'POST', route: '/api/v1/telemetry', permission: 'telemetry.write', object: 'none', url: () => '/api/v1/telemetry',
    body: () => ({ vin: '1HGCM82633A004352', path: 'Vehicle.Speed', value: 42, ts: '2026-04-01T09:59:00Z' }) },
  { method: 'GET', route: '/api/v1/telemetry/quarantine', permission: 'telemetry.read', object: 'none', url: () => '/api/v1/telemetry/quarantine?limit=5' },
  { method: 'GET', route: '/api/v1/vehicles/:vin/features', permission: 'customers.read', object: 'vehicle', url: (vin) => `/api/v1/vehicles/${vin}/features` },
  { method: 'GET', route: '/api/v1/v2x/area-stats', permission: 'telemetry.read', object: 'none', url: () => '/api/v1/v2x/area-stats?h3Resolution=6&bucketMs=604800000&epsilon=0.01' },
];
