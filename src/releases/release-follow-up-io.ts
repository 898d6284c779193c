import type { HmiRepository } from '../delivery';
import { isForecourtError } from '../kernel';
import type { Db, TenantScope } from '../store';
import { dispatchReleaseCampaign, type DispatchOptions } from './release-dispatch-io';
import type { DispatchOutcome } from './dispatch-outcomes';
import { executeCardRevocations, type RevocationReport } from './release-revocation-io';
import type { SyncReport } from './release-sync-io';

/**
 * What runs after a release transaction has committed: campaigns that gained targets are
 * dispatched (in the caller's scope), and, when an in-vehicle repository is configured, pending
 * card revocations are executed. A failure here does not undo the committed event: it is
 * reported, and the explicit dispatch / `releases revoke-cards` pick up what is left.
 */
export interface FollowUpDeps {
  readonly db: Db;
  readonly scope: TenantScope;
  readonly now: Date;
  readonly hmi?: () => Promise<HmiRepository>;
  readonly dispatch?: DispatchOptions;
}

export interface FollowUpReport {
  readonly dispatches: { campaignId: string; dispatched: number; byOutcome: Record<DispatchOutcome, number> }[];
  readonly revocation: Pick<RevocationReport, 'considered' | 'revoked' | 'noCard' | 'versions'> | null;
  readonly errors: string[];
}

const describe = (error: unknown) => (isForecourtError(error) ? `${error.code}: ${error.message}` : `internal: ${(error as Error).message}`);

export async function followUpSync(deps: FollowUpDeps, sync: SyncReport | null): Promise<FollowUpReport> {
  const dispatches: FollowUpReport['dispatches'] = [];
  const errors: string[] = [];
  for (const c of sync?.campaigns ?? []) {
    if (c.newTargets === 0) continue;
    try {
      const r = await dispatchReleaseCampaign(deps.db, deps.scope, c.campaignId, deps.now, deps.dispatch);
      dispatches.push({ campaignId: c.campaignId, dispatched: r.dispatched, byOutcome: r.byOutcome });
    } catch (error) {
      errors.push(`dispatch ${c.campaignId}: ${describe(error)}`);
    }
  }
  let revocation: FollowUpReport['revocation'] = null;
  if (deps.hmi && (sync?.campaigns ?? []).some((c) => c.retractions.length > 0)) {
    try {
      const r = await executeCardRevocations(deps.db, await deps.hmi(), deps.now);
      revocation = { considered: r.considered, revoked: r.revoked, noCard: r.noCard, versions: r.versions };
    } catch (error) {
      errors.push(`revoke cards: ${describe(error)}`);
    }
  }
  return { dispatches, revocation, errors };
}
