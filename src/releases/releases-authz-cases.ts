import type { RouteCase } from '../../tests/authz/route-case';
import type { Store } from '../store';
import { fixture } from '../testing';
import { sampleApproval, sampleRelease, sampleTemplate } from './release-fixtures';
import { createReleaseCampaign, ingestReleaseEvent } from './release-sync-io';
import { releasesStore } from './releases-store';

const vin = fixture.vehicles[0]!.vin;

/** Release routes in the authorisation matrix (tests/authz). */
export const releasesAuthzCases: RouteCase[] = [
  { method: 'POST', route: '/api/v1/releases', permission: 'releases.write', object: 'none', url: () => '/api/v1/releases', body: () => sampleRelease() },
  { method: 'POST', route: '/api/v1/approvals', permission: 'releases.write', object: 'none', url: () => '/api/v1/approvals', body: () => sampleApproval() },
  { method: 'POST', route: '/api/v1/vehicle-updates', permission: 'releases.write', object: 'none', url: () => '/api/v1/vehicle-updates',
    body: () => ({ vin, version: '4.5.0', fromVersion: '4.2.0', status: 'pending', at: '2026-04-01T09:00:00.000Z' }) },
  { method: 'GET', route: '/api/v1/releases', permission: 'releases.read', object: 'none', url: () => '/api/v1/releases' },
  { method: 'GET', route: '/api/v1/releases/:version', permission: 'releases.read', object: 'none', url: () => `/api/v1/releases/${sampleRelease().version}` },
  { method: 'POST', route: '/api/v1/release-campaigns', permission: 'offers.write', object: 'none', url: () => '/api/v1/release-campaigns', body: () => sampleTemplate({ offerId: 'off-brakes', campaignId: `cmp-matrix-${Math.random().toString(36).slice(2, 10)}` }) },
  { method: 'GET', route: '/api/v1/release-campaigns/:id', permission: 'customers.read', object: 'none', url: () => '/api/v1/release-campaigns/cmp-hands-off' },
  { method: 'POST', route: '/api/v1/release-campaigns/:id/responses', permission: 'offers.write', object: 'none', url: () => '/api/v1/release-campaigns/cmp-hands-off/responses',
    // A response is recorded once per vehicle, so each role answers for its own targeted vehicle.
    body: ({ role }) => ({ vin: fixture.vehicles[role === 'nsc_marketing' ? 1 : 0]!.vin, kind: 'accepted' }) },
  // Dispatch is the release manager's (OEM/NSC); a dealer never holds releases.write, and the scope check refuses one anyway.
  { method: 'POST', route: '/api/v1/release-campaigns/:id/dispatch', permission: 'releases.write', object: 'none', url: () => '/api/v1/release-campaigns/cmp-hands-off/dispatch', body: () => ({}) },
  { method: 'GET', route: '/api/v1/release-view', permission: 'releases.read', object: 'none', url: () => '/api/v1/release-view?feature=hands_off_assist&market=US' },
  { method: 'GET', route: '/api/v1/certified-capabilities', permission: 'releases.read', object: 'none', url: () => '/api/v1/certified-capabilities' },
  { method: 'GET', route: '/api/v1/webhooks/releases/rejections', permission: 'releases.read', object: 'none', url: () => '/api/v1/webhooks/releases/rejections' },
];

/** Reachable without a credential: the signature on the body is the credential. */
export const releasesPublicRoutes = ['POST /api/v1/webhooks/releases'];

/** Objects the read cases expect to exist: a release and a release campaign. */
export async function releasesAuthzSetup(store: Store): Promise<void> {
  const rs = releasesStore(store.db);
  const now = new Date('2026-04-01T08:00:00.000Z');
  await ingestReleaseEvent(rs, { id: 'evt-matrix-release', type: 'release', data: sampleRelease() }, 'api', now);
  // Approved before the matrix's clock, so the campaign launches and targets the fixture's US vehicles.
  await ingestReleaseEvent(rs, { id: 'evt-matrix-approval', type: 'approval', data: sampleApproval({ issuedAt: '2026-03-01T00:00:00.000Z', effectiveAt: '2026-03-01T00:00:00.000Z' }) }, 'api', now);
  await createReleaseCampaign(rs, sampleTemplate({ offerId: 'off-brakes' }), 'evt-matrix-campaign', now);
}
