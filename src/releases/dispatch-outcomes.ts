/**
 * What became of each treated vehicle of a release campaign once its owners were planned by
 * the optimizer (only the campaign's offer, no second holdout) and the plan was delivered
 * through the gated enqueue: queued (with the outbox id), blocked by compliance (with the
 * review id), not chosen by the optimizer (capacity, budget, contact caps, or no candidate),
 * or skipped with a reason. Pure: the stores act on the result.
 */
export type DispatchOutcome = 'queued' | 'duplicate' | 'blocked' | 'not_chosen' | 'skipped';
export const dispatchOutcomes: readonly DispatchOutcome[] = ['queued', 'duplicate', 'blocked', 'not_chosen', 'skipped'];

export interface DispatchTarget {
  readonly vin: string;
  readonly ownerId: string | null;
}

/** The parts of a stored plan and its delivery that decide the outcomes. */
export interface PlannedDispatch {
  readonly planId: string;
  readonly deliveryCampaignId: string;
  /** Customers (owner ids) the plan's instance held, with the optimizer's explanation. */
  readonly decisions: readonly { customer: string; chosen: unknown; binding: readonly { constraint: string }[]; reasons: readonly string[] }[];
  readonly deliveries: readonly { customer: string; channel: string; status: 'queued' | 'duplicate' | 'blocked' | 'would_queue' | 'skipped'; reasons: readonly string[]; outboxId?: string; reviewId?: string }[];
}

export interface DispatchRow {
  readonly vin: string;
  readonly ownerId: string | null;
  readonly planId: string | null;
  readonly deliveryCampaignId: string | null;
  readonly outcome: DispatchOutcome;
  readonly channel: string | null;
  readonly outboxId: string | null;
  readonly reviewId: string | null;
  readonly reasons: string[];
}

const constraintKinds: [RegExp, string][] = [[/^budget:/, 'budget'], [/^capacity:/, 'capacity'], [/^contacts:/, 'contact_cap'], [/^(stock|limit):/, 'stock']];

/** Why the optimizer gave an owner nothing, as a stable code first, then its own explanation. */
export function notChosenReasons(decision: PlannedDispatch['decisions'][number]): string[] {
  const kinds = [...new Set(decision.binding.map((b) => constraintKinds.find(([re]) => re.test(b.constraint))?.[1]).filter((k): k is string => k !== undefined))];
  const code = kinds.length > 0 ? kinds.join('+')
    : decision.reasons.includes('no candidate offers') ? 'no_candidate'
      : decision.reasons.includes('no candidate has positive value') ? 'no_value' : 'capacity_after_repair';
  return [`not_chosen: ${code}`, ...decision.reasons];
}

const statusOutcome = { queued: 'queued', duplicate: 'duplicate', blocked: 'blocked', would_queue: 'skipped', skipped: 'skipped' } as const;

/**
 * One row per target, from the plans that covered its owner (several markets make several
 * plans). An owner with two treated vehicles gets one message; both rows carry it.
 */
export function dispatchRows(targets: readonly DispatchTarget[], plans: readonly PlannedDispatch[]): DispatchRow[] {
  const base = { planId: null, deliveryCampaignId: null, channel: null, outboxId: null, reviewId: null };
  return targets.map((t): DispatchRow => {
    if (t.ownerId === null) return { ...base, vin: t.vin, ownerId: null, outcome: 'skipped', reasons: ['no_owner: the vehicle has no registered owner to contact'] };
    for (const p of plans) {
      const ids = { planId: p.planId, deliveryCampaignId: p.deliveryCampaignId };
      const d = p.deliveries.find((x) => x.customer === t.ownerId);
      if (d) {
        return {
          ...base, ...ids, vin: t.vin, ownerId: t.ownerId, outcome: statusOutcome[d.status], channel: d.channel,
          outboxId: d.outboxId ?? null, reviewId: d.reviewId ?? null, reasons: [...d.reasons],
        };
      }
      const decision = p.decisions.find((x) => x.customer === t.ownerId);
      if (decision && decision.chosen !== null) return { ...base, ...ids, vin: t.vin, ownerId: t.ownerId, outcome: 'skipped', reasons: ['planned_not_delivered: the plan chose the owner but delivery reported nothing'] };
      if (decision) return { ...base, ...ids, vin: t.vin, ownerId: t.ownerId, outcome: 'not_chosen', reasons: notChosenReasons(decision) };
    }
    return { ...base, vin: t.vin, ownerId: t.ownerId, outcome: 'skipped', reasons: ['not_in_plan: the owner is outside the caller’s scope or has no home dealer in the market'] };
  });
}

export function countOutcomes(rows: readonly Pick<DispatchRow, 'outcome'>[]): Record<DispatchOutcome, number> {
  const out = Object.fromEntries(dispatchOutcomes.map((o) => [o, 0])) as Record<DispatchOutcome, number>;
  for (const r of rows) out[r.outcome]++;
  return out;
}
