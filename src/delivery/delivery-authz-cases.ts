import type { RouteCase } from '../../tests/authz/route-case';
import type { Store } from '../store';
import { clearedTestMessage, NOW } from './delivery-fixture';
import { outboxIdFor, outboxStore } from './outbox-store';

const MATRIX_KEY = 'matrix:off-brake-pads:own-1:push';

/** Authorisation-matrix cases for the delivery routes (tests/authz). */
export const deliveryAuthzCases: RouteCase[] = [
  { method: 'POST', route: '/api/v1/deliveries', permission: 'delivery.send', object: 'none', url: () => '/api/v1/deliveries',
    body: () => ({ offerId: 'off-brakes', ownerIds: ['own-1'], channels: ['push'], dryRun: true }) },
  { method: 'GET', route: '/api/v1/deliveries/:id', permission: 'offers.read', object: 'none', url: () => `/api/v1/deliveries/${outboxIdFor(MATRIX_KEY)}` },
  { method: 'GET', route: '/api/v1/owners/:id/deliveries', permission: 'offers.read', object: 'owner', url: (id) => `/api/v1/owners/${id}/deliveries` },
  { method: 'GET', route: '/api/v1/delivery-reviews', permission: 'compliance.review', object: 'none', url: () => '/api/v1/delivery-reviews' },
  { method: 'GET', route: '/api/v1/dealers/:id/leads', permission: 'portal.read', object: 'dealer', url: (id) => `/api/v1/dealers/${id}/leads` },
  { method: 'POST', route: '/api/v1/redemptions/verify', permission: 'claims.write', object: 'none', url: () => '/api/v1/redemptions/verify',
    body: () => ({ code: 'FC1-NOTAREALCODE' }) },
];

/** One cleared delivery for own-1 (dealer dlr-a, visible to every seat with offers.read). */
export async function deliveryAuthzSetup(store: Store): Promise<void> {
  await outboxStore(store.db).enqueue(clearedTestMessage('push', MATRIX_KEY), { dealerId: 'dlr-a', now: NOW });
}
