import { z } from 'zod';
import { outboxStore } from '../delivery';
import { ForecourtError } from '../kernel';
import { plansStore } from '../optimizer';
import { globalScope, type Db, type TenantScope } from '../store';
import { countOutcomes, dispatchRows, type DispatchOutcome, type DispatchRow, type PlannedDispatch } from './dispatch-outcomes';
import { releaseDispatchStore } from './release-dispatch-store';
import type { ExecutedRetraction, ReleasesStore } from './releases-store';
import type { RetractionInstruction } from './plan-retraction';

/**
 * Release-campaign targets into the normal pipeline: the treated vehicles of a campaign that
 * were not dispatched yet are planned by the optimizer (their owners only, the campaign's offer
 * only, no second holdout: the campaign already drew one), the plan is delivered through the
 * gated enqueue (eligibility, consent, frequency caps, compliance gate, outbox), and the outcome
 * is recorded per vehicle so a vehicle is dispatched once. And the way back: a suppressed offer
 * cancels its queued message.
 */
export const DispatchOptions = z.strictObject({
  /** Share of the plan's owners one channel may contact (1: the campaign already chose its audience). */
  contactShare: z.number().min(0).max(1).default(1),
  /** Share of a dealer's technician hours promotions may fill. */
  capacityShare: z.number().min(0).max(1).optional(),
  /** Days of dealer capacity the plan covers. */
  days: z.int().min(1).max(90).optional(),
});
export type DispatchOptions = z.input<typeof DispatchOptions>;

export interface DispatchReport {
  readonly campaignId: string;
  /** Vehicles dispatched by this call (0 when everything was dispatched before). */
  readonly dispatched: number;
  readonly byOutcome: Record<DispatchOutcome, number>;
  readonly plans: { market: string; planId: string; deliveryCampaignId: string }[];
  readonly vehicles: DispatchRow[];
}

/** Advisory lock that serialises dispatches, so two callers never plan the same vehicle twice. */
const DISPATCH_LOCK = 7274601;
const OWNERS_PER_PLAN = 10_000;

/**
 * Dispatch plans and enqueues for a whole market's owners: only at the OEM or an NSC. A caller
 * scoped to a distributor or dealer is refused, whatever its permissions say.
 */
export async function assertMayDispatch(db: Db, scope: TenantScope): Promise<void> {
  if (scope.kind === 'global') return;
  const { rows } = await db.query<{ kind: string }>('SELECT kind FROM tenant_nodes WHERE id = $1 AND path = $2', [scope.nodeId, scope.path]);
  if (rows[0]?.kind !== 'oem' && rows[0]?.kind !== 'nsc') {
    throw new ForecourtError('FORBIDDEN', 'release campaigns are dispatched at the OEM or an NSC, not by a distributor or dealer');
  }
}

/**
 * Plans and enqueues the campaign's undispatched treated vehicles visible to `scope`, in one
 * transaction (the outbox rows and the dispatch records commit together). Re-running it
 * enqueues nothing new.
 */
export async function dispatchReleaseCampaign(db: Db, scope: TenantScope, campaignId: string, now: Date, raw: DispatchOptions = {}): Promise<DispatchReport> {
  const options = DispatchOptions.parse(raw);
  await assertMayDispatch(db, scope);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DISPATCH_LOCK]);
    const { rows: templates } = await tx.query<{ payload: unknown }>('SELECT payload FROM release_campaign_templates WHERE campaign_id = $1', [campaignId]);
    const template = templates[0] ? (typeof templates[0].payload === 'string' ? JSON.parse(templates[0].payload) : templates[0].payload) as { offerId: string } : null;
    if (!template) throw new ForecourtError('NOT_FOUND');
    const store = releaseDispatchStore(tx);
    const targets = await store.undispatched(campaignId, scope);
    const plans = plansStore(tx);
    const planned: PlannedDispatch[] = [];
    const report: DispatchReport['plans'] = [];
    for (const market of [...new Set(targets.map((t) => t.market))].sort()) {
      const owners = [...new Set(targets.filter((t) => t.market === market && t.ownerId !== null).map((t) => t.ownerId!))].sort();
      for (let k = 0; k < owners.length; k += OWNERS_PER_PLAN) {
        const ownerIds = owners.slice(k, k + OWNERS_PER_PLAN);
        const plan = await plans.create(scope, {
          market, maxDecisions: ownerIds.length,
          build: {
            ownerIds, offerIds: [template.offerId], holdoutShare: 0, limit: ownerIds.length, contactShare: options.contactShare,
            ...(options.capacityShare !== undefined ? { capacityShare: options.capacityShare } : {}), ...(options.days !== undefined ? { days: options.days } : {}),
          },
        }, now);
        const delivery = await plans.deliver(scope, plan.id, {}, now);
        planned.push({ planId: plan.id, deliveryCampaignId: delivery.campaignId, decisions: plan.plan.decisions, deliveries: delivery.decisions });
        report.push({ market, planId: plan.id, deliveryCampaignId: delivery.campaignId });
      }
    }
    const rows = dispatchRows(targets, planned);
    const dispatched = await store.insert(campaignId, rows, now);
    return { campaignId, dispatched, byOutcome: countOutcomes(rows), plans: report, vehicles: rows };
  });
}

/**
 * Before retractions are planned: a dispatched offer whose outbox message was sent is
 * delivered (so a later retraction revokes the card instead of suppressing a message).
 */
export async function reconcileDelivered(releases: ReleasesStore, campaignId: string): Promise<number> {
  const outbox = outboxStore(releases.db);
  let delivered = 0;
  for (const p of await releaseDispatchStore(releases.db).sentButPending(campaignId)) {
    const row = await outbox.get(globalScope, p.outboxId);
    if (row?.status === 'sent' && (await releases.markDelivered(campaignId, p.vin, new Date(row.sentAt ?? row.createdAt)))) delivered++;
  }
  return delivered;
}

/**
 * What delivery does about each retraction: a suppressed offer's queued message is cancelled
 * (unless another live assignment shares it); every retraction whose message was ever queued
 * leaves its in-vehicle card to the revocation executor (`card_status = pending`): a revoked
 * offer's card is on the vehicle, and a message sent just before the cancel may have placed one.
 */
export async function executeInOutbox(releases: ReleasesStore, instructions: readonly RetractionInstruction[], now: Date): Promise<ExecutedRetraction[]> {
  const dispatches = releaseDispatchStore(releases.db);
  const outbox = outboxStore(releases.db);
  const out: ExecutedRetraction[] = [];
  for (const i of instructions) {
    const d = (await dispatches.list(i.campaignId, [i.vin]))[0];
    if (!d?.outboxId) {
      // Never queued by dispatch; a card may still exist if it was delivered some other way.
      out.push({ ...i, outboxOutcome: d ? `not_queued: ${d.outcome}` : 'not_dispatched', cardStatus: i.action === 'revoke' ? 'pending' : null });
      continue;
    }
    let outcome: string;
    if (i.action === 'revoke') outcome = 'already_sent';
    else if (await dispatches.messageStillNeeded(d.outboxId, { campaignId: i.campaignId, vin: i.vin })) outcome = 'kept: another live assignment shares the message';
    else outcome = (await outbox.cancel([d.outboxId], `release ${i.campaignId}: ${i.reason}`, now)).get(d.outboxId) ?? 'not_found';
    out.push({ ...i, outboxOutcome: outcome, cardStatus: 'pending' });
  }
  return out;
}
