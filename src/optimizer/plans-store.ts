import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Channel, OwnerId } from '../domain';
import { deliveryStore } from '../delivery';
import { ForecourtError } from '../kernel';
import type { Db, TenantScope } from '../store';
import { buildPlanInstance, BuildOptions, type BuildStats } from './plan-builder-store';
import { customerId } from './instance';
import { parseInstance, type InstanceJson } from './instance-schema';
import { planInstance, PlanRequest, type PlanJson } from './plan';

/**
 * Plans stored in `optimizer_plans` (migration 0500) and their delivery: each assignment
 * (customer, offer, channel, dealer) goes through delivery's gated enqueue (`deliverOffer`:
 * eligibility, consent, frequency caps, composition, the compliance gate on the exact rendered
 * text, outbox). Blocked messages become review items; nothing reaches a channel uncleared.
 * Delivering twice enqueues nothing new: the outbox key is plan:offer:owner:channel.
 */
export const PlanId = z.string().regex(/^pln-[0-9a-f]{24}$/);

export const CreatePlanRequest = z.strictObject({
  /** Build from stored data for this market (default), or plan the given instance. */
  market: BuildOptions.shape.market.optional(),
  instance: PlanRequest.shape.instance.optional(),
  build: BuildOptions.omit({ market: true }).partial().optional(),
  mode: z.enum(['scale', 'exact']).default('scale'),
  targetGap: z.number().min(0).max(1).optional(),
  maxIterations: z.int().min(1).max(10_000).optional(),
  maxDecisions: z.int().min(0).max(100_000).default(1000),
  seed: z.int().optional(),
}).refine((r) => (r.market === undefined) !== (r.instance === undefined), { message: 'pass exactly one of market and instance' });
export type CreatePlanRequest = z.input<typeof CreatePlanRequest>;

export interface Assignment { customer: string; offer: string; channel: string; dealer: string; value: number }

export interface StoredPlan {
  id: string;
  market: string | null;
  createdAt: string;
  plan: PlanJson;
  assignments: Assignment[];
  build: BuildStats | null;
}

export const DeliverPlanRequest = z.strictObject({ dryRun: z.boolean().default(false) });

export type DecisionStatus = 'queued' | 'duplicate' | 'blocked' | 'would_queue' | 'skipped';
export interface DecisionDelivery { customer: string; offer: string; channel: string; dealer: string; status: DecisionStatus; reasons: string[]; reviewId?: string; outboxId?: string }
export interface PlanDelivery {
  planId: string;
  campaignId: string;
  dryRun: boolean;
  decisions: DecisionDelivery[];
  /** Per channel: how many decisions ended in each status. */
  byChannel: Record<string, Record<DecisionStatus, number>>;
}

const pathOf = (scope: TenantScope) => (scope.kind === 'global' ? '/' : scope.path);
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export function plansStore(db: Db) {
  async function get(scope: TenantScope, id: string): Promise<StoredPlan | undefined> {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT * FROM optimizer_plans WHERE id = $1 AND ($2::text = '/' OR owner_path LIKE $2 || '%')`, [id, pathOf(scope)]);
    const r = rows[0];
    if (!r) return undefined;
    const plan = json<PlanJson & { build?: BuildStats | null }>(r.plan);
    const { build, ...rest } = plan;
    return { id: String(r.id), market: (r.market as string | null) ?? null, createdAt: new Date(String(r.created_at instanceof Date ? r.created_at.toISOString() : r.created_at)).toISOString(), plan: rest, assignments: json<Assignment[]>(r.assignments), build: build ?? null };
  }

  return {
    get,

    /** Builds (or takes) an instance, plans it, stores the plan, and returns it with its id. */
    async create(scope: TenantScope, raw: CreatePlanRequest, now: Date): Promise<StoredPlan> {
      const request = CreatePlanRequest.parse(raw);
      let instanceJson: InstanceJson;
      let build: BuildStats | null = null;
      if (request.market !== undefined) {
        ({ instance: instanceJson, stats: build } = await buildPlanInstance(db, scope, { ...request.build, market: request.market }, now));
      } else {
        instanceJson = request.instance!;
      }
      const options = PlanRequest.parse({ instance: { constraints: [], options: [], customers: [] }, mode: request.mode, maxDecisions: request.maxDecisions,
        ...(request.targetGap !== undefined ? { targetGap: request.targetGap } : {}), ...(request.maxIterations !== undefined ? { maxIterations: request.maxIterations } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}) });
      const { instance: _ignored, ...planOptions } = options;
      const instance = parseInstance(instanceJson);
      const { choice, plan } = await planInstance(instance, planOptions);
      const assignments: Assignment[] = [];
      for (let i = 0; i < instance.customerCount; i++) {
        const j = choice[i]!;
        if (j < 0) continue;
        const o = instance.options[instance.candidateOption[j]!]!;
        assignments.push({ customer: customerId(instance, i), offer: o.offer, channel: o.channel, dealer: o.dealer, value: instance.candidateValue[j]! });
      }
      const id = `pln-${randomBytes(12).toString('hex')}`;
      await db.query(
        'INSERT INTO optimizer_plans (id, owner_path, market, mode, created_at, plan, assignments) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)',
        [id, pathOf(scope), request.market ?? null, plan.mode, now.toISOString(), JSON.stringify({ ...plan, build }), JSON.stringify(assignments)]);
      return { id, market: request.market ?? null, createdAt: now.toISOString(), plan, assignments, build };
    },

    /**
     * Feeds every assignment of a plan into delivery's gated enqueue, grouped by offer and
     * channel. Per decision: queued, duplicate (already enqueued by an earlier run), blocked
     * (with the gate's reasons and a review item), would_queue (dry run) or skipped.
     */
    async deliver(scope: TenantScope, id: string, raw: z.input<typeof DeliverPlanRequest>, now: Date): Promise<PlanDelivery> {
      const { dryRun } = DeliverPlanRequest.parse(raw);
      const stored = await get(scope, id);
      if (!stored) throw new ForecourtError('NOT_FOUND');
      const campaignId = `plan-${id.slice(4)}`;
      const groups = new Map<string, Assignment[]>();
      for (const a of stored.assignments) {
        const key = `${a.offer}\u0000${a.channel}`;
        groups.set(key, [...(groups.get(key) ?? []), a]);
      }
      const decisions: DecisionDelivery[] = [];
      const delivery = deliveryStore(db);
      for (const group of groups.values()) {
        const { offer, channel } = group[0]!;
        const parsedChannel = Channel.safeParse(channel);
        if (!parsedChannel.success) {
          for (const a of group) decisions.push({ ...strip(a), status: 'skipped', reasons: [`unknown_channel: ${channel}`] });
          continue;
        }
        const owners = group.filter((a) => OwnerId.safeParse(a.customer).success && /^off-[a-z0-9-]{1,60}$/.test(a.offer));
        for (const a of group.filter((x) => !owners.includes(x))) decisions.push({ ...strip(a), status: 'skipped', reasons: ['not_a_stored_owner_or_offer'] });
        for (let k = 0; k < owners.length; k += 1000) {
          const part = owners.slice(k, k + 1000);
          let result;
          try {
            result = await delivery.deliverOffer(scope, {
              offerId: offer, campaignId, ownerIds: part.map((a) => a.customer), channels: [parsedChannel.data], maxChannelsPerOwner: 1, dryRun,
            }, { now });
          } catch (error) {
            if (!(error instanceof ForecourtError && error.code === 'NOT_FOUND')) throw error;
            for (const a of part) decisions.push({ ...strip(a), status: 'skipped', reasons: ['offer_or_owner_not_found_in_scope'] });
            continue;
          }
          const byOwner = new Map(result.owners.map((o) => [o.ownerId, o]));
          for (const a of part) {
            const outcome = byOwner.get(a.customer);
            const d = outcome?.deliveries.find((x) => x.channel === channel && x.status !== 'skipped') ?? outcome?.deliveries[0];
            decisions.push({
              ...strip(a), status: d?.status ?? 'skipped', reasons: d?.reasons ?? ['no_outcome'],
              ...(d?.reviewId ? { reviewId: d.reviewId } : {}), ...(d?.outboxId ? { outboxId: d.outboxId } : {}),
            });
          }
        }
      }
      const byChannel: PlanDelivery['byChannel'] = {};
      for (const d of decisions) {
        const counts = (byChannel[d.channel] ??= { queued: 0, duplicate: 0, blocked: 0, would_queue: 0, skipped: 0 });
        counts[d.status]++;
      }
      return { planId: id, campaignId, dryRun, decisions, byChannel };
    },
  };
}

function strip(a: Assignment): Pick<DecisionDelivery, 'customer' | 'offer' | 'channel' | 'dealer'> {
  return { customer: a.customer, offer: a.offer, channel: a.channel, dealer: a.dealer };
}

export type PlansStore = ReturnType<typeof plansStore>;
