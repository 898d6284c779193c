import type { RouteCase } from '../../tests/authz/route-case';
import { makeVin } from '../kernel';
import type { Store } from '../store';
import { fundsStore } from './funds-store';

/** The fixture's first vehicle (src/testing/fixture.ts), owned by own-1 at dlr-a. */
const vin = makeVin('1HL', 'VR2B5', 'T', 'A', 1000);
let claimCounter = 0;

/** Opens `fund-matrix` (the US NSC's fund of the fixture's spring program) before the matrix runs. */
export async function fundsAuthzSetup(store: Store): Promise<void> {
  await fundsStore(store.db).putFund({ kind: 'global' }, { id: 'fund-matrix', programId: 'prg-spring', tierNodeId: 'nsc-us', currency: 'USD', budgetMinor: 1_000_000 }, new Date('2026-03-01T00:00:00Z'));
}

/** Authorisation-matrix cases for funds and claims (needs `fundsAuthzSetup`). */
export const fundsAuthzCases: RouteCase[] = [
  { method: 'PUT', route: '/api/v1/funds/:id', permission: 'offers.write', object: 'none', url: () => '/api/v1/funds/fund-matrix',
    body: () => ({ programId: 'prg-spring', tierNodeId: 'nsc-us', currency: 'USD', budgetMinor: 1_000_000 }) },
  { method: 'GET', route: '/api/v1/funds/positions', permission: 'claims.read', object: 'none', url: () => '/api/v1/funds/positions' },
  { method: 'GET', route: '/api/v1/funds/:id/position', permission: 'claims.read', object: 'none', url: () => '/api/v1/funds/fund-matrix/position' },
  { method: 'GET', route: '/api/v1/funds/:id/ledger', permission: 'claims.read', object: 'none', url: () => '/api/v1/funds/fund-matrix/ledger' },
  { method: 'POST', route: '/api/v1/redemptions', permission: 'claims.write', object: 'dealer', url: () => '/api/v1/redemptions',
    body: ({ id }) => ({ offerId: 'off-brakes', vin, dealerId: id, redeemedAt: '2026-03-20T10:00:00.000Z' }) },
  { method: 'POST', route: '/api/v1/claims', permission: 'claims.write', object: 'dealer', url: () => '/api/v1/claims',
    body: ({ id }) => ({ id: `clm-matrix-${++claimCounter}`, fundId: 'fund-matrix', offerId: 'off-brakes', dealerId: id, vin, redeemedAt: '2026-03-20T10:00:00.000Z', amountMinor: 100 }) },
  { method: 'GET', route: '/api/v1/claims', permission: 'claims.read', object: 'dealer', url: (id) => `/api/v1/claims?dealerId=${id}` },
];
