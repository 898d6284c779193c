import type { RouteCase } from '../../tests/authz/route-case';

/** A valid catalog offer owned by the fixture's US NSC. */
export const matrixCatalogOffer = {
  programId: 'prg-spring', ownerNodeId: 'nsc-us', kind: 'cash_rebate', name: 'Spring cash', markets: ['US'],
  validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z', terms: { amountMinor: 50_000 }, requires: [], requiresStock: [],
  fundId: null, costMinor: 50_000, content: [{ channel: 'email', language: 'en', headline: 'Spring cash', body: '500 USD off your next service.' }],
  rules: [{ code: 'market', params: { markets: ['US'] } }],
};

/** Authorisation-matrix cases for the catalog routes. */
export const catalogAuthzCases: RouteCase[] = [
  { method: 'GET', route: '/api/v1/catalog/offers', permission: 'offers.read', object: 'none', url: () => '/api/v1/catalog/offers' },
  { method: 'GET', route: '/api/v1/catalog/offers/:id', permission: 'offers.read', object: 'none', url: () => '/api/v1/catalog/offers/off-brakes' },
  { method: 'PUT', route: '/api/v1/catalog/offers/:id', permission: 'offers.write', object: 'none', url: () => '/api/v1/catalog/offers/off-matrix', body: () => matrixCatalogOffer },
  { method: 'GET', route: '/api/v1/catalog/conditions', permission: 'offers.read', object: 'none', url: () => '/api/v1/catalog/conditions' },
  { method: 'POST', route: '/api/v1/catalog/eligibility', permission: 'customers.read', object: 'vehicle', url: () => '/api/v1/catalog/eligibility', body: ({ id }) => ({ vin: id }) },
  { method: 'POST', route: '/api/v1/catalog/arbitrate', permission: 'offers.read', object: 'none', url: () => '/api/v1/catalog/arbitrate',
    body: () => ({ customers: [{ customerId: 'c-1', candidates: [{ offerId: 'off-brakes', channel: 'email' }] }] }) },
  { method: 'POST', route: '/api/v1/catalog/conflicts', permission: 'offers.read', object: 'none', url: () => '/api/v1/catalog/conflicts',
    body: () => ({ customer: { id: 'c-1', postalCode: '94110', homeDealerId: 'dlr-a' }, offerIds: ['off-brakes'] }) },
];
