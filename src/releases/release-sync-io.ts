import { ForecourtError } from '../kernel';
import { capabilityRegistryEntries } from './capability-entries';
import { planReleaseCampaign, releaseForFeature, rolloutShare } from './plan-release-campaign';
import { planRetraction, type RetractionInstruction } from './plan-retraction';
import { executeInOutbox, reconcileDelivered } from './release-dispatch-io';
import type { ReleaseCampaignTemplate, ReleaseWebhookEvent } from './release-schemas';
import { buildReleaseView, type ReleaseView } from './release-view';
import { inReleasesTransaction, type ReleasesStore } from './releases-store';
import { applyUpdateReport, initialSoftwareState } from './software-state';

export interface CampaignSync {
  readonly campaignId: string;
  readonly feature: string;
  readonly releaseVersion: string | null;
  readonly launched: boolean;
  readonly newTargets: number;
  readonly newHoldout: number;
  readonly retractions: RetractionInstruction[];
  readonly note: string;
}

export interface SyncReport {
  readonly campaigns: CampaignSync[];
  readonly capabilityEntries: number;
}

/**
 * Applies the pure planners to the stored state: new qualifying vehicles are
 * assigned (treated or held out), live offers that no longer qualify are
 * suppressed or revoked, and the certified-capability registry is rebuilt.
 * Offers whose outbox message was sent count as delivered first; a suppression cancels its
 * queued message and every retraction of a sent message awaits the card revocation executor.
 * Runs inside the caller's transaction.
 */
export async function syncReleaseCampaigns(store: ReleasesStore, now: Date): Promise<SyncReport> {
  const releases = await store.listReleases();
  const approvals = await store.listApprovals();
  const campaigns: CampaignSync[] = [];
  for (const template of await store.listTemplates()) {
    const release = releaseForFeature(releases, template.feature);
    if (!release) {
      campaigns.push({ campaignId: template.campaignId, feature: template.feature, releaseVersion: null, launched: false, newTargets: 0, newHoldout: 0, retractions: [], note: `no release adds ${template.feature} yet` });
      continue;
    }
    const vehicles = await store.listVehicles(template.markets);
    const states = await store.getSoftwareStates(vehicles.map((v) => v.vin));
    const input = { template, release, approvals, states, now };
    const plan = planReleaseCampaign({ ...input, vehicles });
    const known = new Set((await store.listAssignments({ campaignId: template.campaignId })).map((a) => a.vin));
    const newTargets = await store.insertAssignments(template.feature, plan.targets.filter((t) => !known.has(t.vin)).map((t) => ({ ...t, arm: 'treatment' as const })), now);
    const newHoldout = await store.insertAssignments(template.feature, plan.holdout.filter((t) => !known.has(t.vin)).map((t) => ({ ...t, arm: 'holdout' as const })), now);
    await reconcileDelivered(store, template.campaignId);
    const assignments = await store.listAssignments({ campaignId: template.campaignId });
    const live = assignments.filter((a) => a.status === 'pending' || a.status === 'delivered')
      .map((a) => ({ vin: a.vin, offerId: a.offerId, campaignId: a.campaignId, market: a.market as typeof template.markets[number], status: a.status as 'pending' | 'delivered' }));
    const retraction = planRetraction({ ...input, vehicles, live });
    await store.applyRetractions(await executeInOutbox(store, retraction.instructions, now), now);
    const heldOut = assignments.filter((a) => a.status === 'held_out')
      .map((a) => ({ vin: a.vin, offerId: a.offerId, campaignId: a.campaignId, market: a.market as typeof template.markets[number], status: 'pending' as const }));
    const holdoutCheck = planRetraction({ ...input, vehicles, live: heldOut });
    await store.closeHoldouts(holdoutCheck.instructions.map((i) => ({ campaignId: i.campaignId, vin: i.vin, reason: i.reason })), now);
    campaigns.push({
      campaignId: template.campaignId, feature: template.feature, releaseVersion: release.version, launched: plan.launched,
      newTargets, newHoldout, retractions: retraction.instructions,
      note: plan.launched ? `targets ${plan.targets.length}, holdout ${plan.holdout.length}, excluded ${plan.excluded.length}` : `not launched: ${plan.excluded.length} vehicle(s) excluded`,
    });
  }
  const registry = capabilityRegistryEntries(approvals, now);
  await store.replaceCapabilityEntries(registry.entries);
  return { campaigns, capabilityEntries: registry.entries.length };
}

export interface IngestResult {
  readonly eventId: string;
  readonly accepted: boolean;
  /** True when a webhook event id was seen before: nothing was applied. */
  readonly replayed: boolean;
  readonly outcome: string;
  readonly sync: SyncReport | null;
}

/**
 * Stores one release, approval or update report with its history, then
 * re-syncs campaigns, in one transaction. A webhook event first claims its id
 * as a nonce in the same transaction, so a replay applies nothing.
 */
export async function ingestReleaseEvent(store: ReleasesStore, event: ReleaseWebhookEvent, source: 'api' | 'webhook', now: Date): Promise<IngestResult> {
  return inReleasesTransaction(store, async (tx) => {
    if (source === 'webhook' && (!(await tx.claimNonce(event.id, now)) || (await tx.hasEvent(event.id)))) {
      return { eventId: event.id, accepted: false, replayed: true, outcome: 'replayed', sync: null };
    }
    let outcome: string;
    let accepted = true;
    if (event.type === 'release') {
      await tx.upsertRelease(event.data, now);
      outcome = `release ${event.data.version} stored`;
    } else if (event.type === 'approval') {
      accepted = await tx.upsertApproval(event.data);
      outcome = accepted ? `${event.data.feature} ${event.data.status} in ${event.data.market}` : 'superseded: a later decision is already in force';
    } else {
      const r = event.data;
      const registered = await tx.vehicleVersion(r.vin);
      if (registered === null) {
        accepted = false;
        outcome = 'unknown_vehicle';
      } else {
        const prev = (await tx.getSoftwareStates([r.vin])).get(r.vin) ?? initialSoftwareState(r.vin, registered);
        const result = applyUpdateReport(prev, r);
        accepted = result.applied;
        outcome = result.applied ? result.reason : `${result.reason}: ${result.detail}`;
        if (result.applied) await tx.putSoftwareState(result.state);
      }
    }
    const fresh = await tx.appendEvent({ eventId: event.id, kind: event.type, source, payload: event.data, outcome, at: now });
    if (!fresh) throw new ForecourtError('CONFLICT', `event ${event.id} was already recorded`);
    const sync = accepted ? await syncReleaseCampaigns(tx, now) : null;
    return { eventId: event.id, accepted, replayed: false, outcome, sync };
  });
}

/** Registers a campaign template and launches it at once if its feature is already approved and rolled out. */
export async function createReleaseCampaign(store: ReleasesStore, template: ReleaseCampaignTemplate, eventId: string, now: Date): Promise<SyncReport> {
  return inReleasesTransaction(store, async (tx) => {
    if (!(await tx.offerExists(template.offerId))) throw new ForecourtError('CONFLICT', `offer ${template.offerId} does not exist`);
    if (!(await tx.insertTemplate(template, now))) throw new ForecourtError('CONFLICT', `campaign ${template.campaignId} exists already`);
    await tx.appendEvent({ eventId, kind: 'campaign_template', source: 'api', payload: template, outcome: 'created', at: now });
    return syncReleaseCampaigns(tx, now);
  });
}

/** The release view of a feature in a market from stored assignments and responses. */
export async function loadReleaseView(store: ReleasesStore, feature: string, market: string, now: Date): Promise<ReleaseView> {
  const release = releaseForFeature(await store.listReleases(), feature);
  const assignments = await store.listAssignments({ feature, market });
  const responses = await store.listResponses([...new Set(assignments.map((a) => a.campaignId))]);
  return buildReleaseView({ feature, market, rolloutShare: release ? rolloutShare(release, now) : 0, assignments, responses });
}
