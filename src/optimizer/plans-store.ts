import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Channel, OwnerId } from '../domain';
import { deliveryStore } from '../delivery';
import { createRng, ForecourtError } from '../kernel';
import { assignHoldout } from '../measurement';
import { banditFromModel, channelBanditModel, channelContext, chooseChannel, modelsStore, type DecisionLogRecord } from '../models';
import type { SubjectDataHook } from '../identity';
import { createStore, type Db, type TenantScope } from '../store';
import { buildPlanInstance, BuildOptions, valuationModels, type BuildStats, type CustomerValuation } from './plan-builder-store';
import { customerId, type Instance } from './instance';
import type { DualEvaluator } from './local-evaluator';
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

/** One customer's next best action: offer valued as the optimizer does, channel by the contextual bandit. */
export const DecisionRequest = z.strictObject({
  ownerId: OwnerId,
  /** The campaign / holdout experiment (salted customer holdout per campaign). */
  campaignId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/).default('decisions'),
  /** Only these catalog offers are candidates. */
  offerIds: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
  /** Where the customer is now: only these channels may be chosen (e.g. in the car: hmi). */
  context: z.strictObject({ channels: z.array(Channel).min(1).max(7).optional() }).optional(),
  holdoutShare: z.number().min(0).max(1).default(0.05),
  holdoutSalt: z.string().min(8).max(200).default('forecourt-decision-holdout'),
  /** Idempotency key: the same request id for the same owner and campaign returns the logged decision. */
  requestId: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/).optional(),
});
export type DecisionRequest = z.input<typeof DecisionRequest>;

export interface Decision extends DecisionLogRecord {
  offer: string | null;
  channel: string | null;
  dealer: string | null;
  /** Probability of each open channel under the bandit's policy (empty when nothing is sent). */
  probabilities: Record<string, number>;
}

/** One decision-log row per planned customer: the chosen action (or 'none'), holdout, scores, reasons and model versions. */
function planDecisionRecords(planId: string, now: Date, customers: InstanceJson['customers'], assignments: readonly Assignment[],
  explanations: PlanJson['decisions'], valuations: ReadonlyMap<string, CustomerValuation>): DecisionLogRecord[] {
  const byCustomer = new Map(assignments.map((a) => [a.customer, a]));
  const explained = new Map(explanations.map((d) => [d.customer, d]));
  return customers.flatMap((c) => {
    const valuation = valuations.get(c.id);
    if (!valuation) return [];
    const a = byCustomer.get(c.id);
    const best = c.candidates.reduce((m, x) => Math.max(m, x.value), 0);
    return [{
      decisionId: `${planId}:${c.id}`, at: now.toISOString(), ownerId: c.id, modelVersions: valuation.modelVersions,
      action: a ? `${a.offer}|${a.channel}|${a.dealer}` : 'none', propensity: 1, holdout: c.holdout,
      scores: { value: a?.value ?? 0, bestValue: best, ...(a && valuation.needByOffer[a.offer] !== undefined ? { need: valuation.needByOffer[a.offer]! } : {}) },
      reasons: [...(explained.get(c.id)?.reasons ?? (a ? [] : ['no candidate assigned'])), ...valuation.reasons],
      planId, campaignId: `plan-${planId.slice(4)}`,
    }];
  });
}

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
    async create(scope: TenantScope, raw: CreatePlanRequest, now: Date, run: { evaluatorFor?: (instance: Instance) => Promise<DualEvaluator> } = {}): Promise<StoredPlan> {
      const request = CreatePlanRequest.parse(raw);
      let instanceJson: InstanceJson;
      let build: BuildStats | null = null;
      let valuations: Map<string, CustomerValuation> | null = null;
      if (request.market !== undefined) {
        ({ instance: instanceJson, stats: build, valuations } = await buildPlanInstance(db, scope, { ...request.build, market: request.market }, now));
      } else {
        instanceJson = request.instance!;
      }
      const options = PlanRequest.parse({ instance: { constraints: [], options: [], customers: [] }, mode: request.mode, maxDecisions: request.maxDecisions,
        ...(request.targetGap !== undefined ? { targetGap: request.targetGap } : {}), ...(request.maxIterations !== undefined ? { maxIterations: request.maxIterations } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}) });
      const { instance: _ignored, ...planOptions } = options;
      const instance = parseInstance(instanceJson);
      // Scale mode may run its per-customer step elsewhere (NATS shard workers); the plan is the same.
      const evaluator = run.evaluatorFor && planOptions.mode === 'scale' ? await run.evaluatorFor(instance) : undefined;
      let solved: Awaited<ReturnType<typeof planInstance>>;
      try {
        solved = await planInstance(instance, planOptions, evaluator ? { evaluator } : {});
      } finally {
        await evaluator?.close();
      }
      const { choice, plan } = solved;
      const assignments: Assignment[] = [];
      for (let i = 0; i < instance.customerCount; i++) {
        const j = choice[i]!;
        if (j < 0) continue;
        const o = instance.options[instance.candidateOption[j]!]!;
        assignments.push({ customer: customerId(instance, i), offer: o.offer, channel: o.channel, dealer: o.dealer, value: instance.candidateValue[j]! });
      }
      const id = `pln-${randomBytes(12).toString('hex')}`;
      // The plan and its decision-log rows (plans built from stored owners only) commit together.
      const records = valuations ? planDecisionRecords(id, now, instanceJson.customers, assignments, plan.decisions, valuations) : [];
      await db.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO optimizer_plans (id, owner_path, market, mode, created_at, plan, assignments) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)',
          [id, pathOf(scope), request.market ?? null, plan.mode, now.toISOString(), JSON.stringify({ ...plan, build }), JSON.stringify(assignments)]);
        await modelsStore(tx).logDecisions(records);
      });
      return { id, market: request.market ?? null, createdAt: now.toISOString(), plan, assignments, build };
    },

    /**
     * One customer's decision: the offers valued as the optimizer values them (same builder,
     * same live model versions), the best offer, its channel drawn by the contextual bandit
     * with the propensity logged, the campaign's customer holdout, and one decision-log row.
     * Another tenant's owner is NOT_FOUND. With a `requestId` it is idempotent.
     */
    async decide(scope: TenantScope, raw: DecisionRequest, now: Date): Promise<Decision> {
      const req = DecisionRequest.parse(raw);
      const owner = await createStore(db).customers.getOwner(scope, req.ownerId);
      if (!owner) throw new ForecourtError('NOT_FOUND');
      const models = modelsStore(db);
      const decisionId = req.requestId
        ? `dec-${createHash('sha256').update(`${req.ownerId}\u0000${req.campaignId}\u0000${req.requestId}`).digest('hex').slice(0, 24)}`
        : `dec-${randomBytes(12).toString('hex')}`;
      if (req.requestId) {
        const [logged] = await models.decisionsInScope(scope, { ownerId: req.ownerId, decisionId, limit: 1 });
        if (logged) return decisionView(logged);
      }
      const holdout = assignHoldout({ experimentId: req.campaignId, salt: req.holdoutSalt, shares: { customer: req.holdoutShare } },
        { customerId: owner.id, dealerId: owner.homeDealerId, regionId: owner.market });
      const valuing = await valuationModels(db, now, req.offerIds ?? [], []);
      const bandit = await models.ensureLive(channelBanditModel, now);
      const { instance, valuations } = await buildPlanInstance(db, scope, {
        market: owner.market, ownerIds: [owner.id], holdoutShare: 0, limit: 1, ...(req.offerIds ? { offerIds: req.offerIds } : {}) }, now, valuing);
      const valuation = valuations.get(owner.id);
      const base = { decisionId, at: now.toISOString(), ownerId: owner.id, campaignId: req.campaignId, holdout: holdout.heldOut };
      const optionById = new Map(instance.options.map((o) => [o.id, o]));
      const allowed = req.context?.channels;
      const candidates = (instance.customers[0]?.candidates ?? []).map((c) => ({ ...optionById.get(c.option)!, value: c.value }))
        .filter((c) => !allowed || allowed.includes(c.channel as Channel));
      let record: DecisionLogRecord;
      let chosen: { offer: string; channel: string; dealer: string } | null = null;
      let probabilities: Record<string, number> = {};
      if (holdout.heldOut || candidates.length === 0) {
        record = { ...base, modelVersions: valuation?.modelVersions ?? [valuing.candidateValue.id], action: 'none', propensity: 1, scores: {},
          reasons: [...holdout.reasons, ...(holdout.heldOut ? [] : [valuation ? 'no eligible offer on an open channel' : 'no vehicle with a home dealer in the owner\'s market']), ...(valuation?.reasons ?? [])] };
      } else {
        const bestByOffer = new Map<string, number>();
        for (const c of candidates) bestByOffer.set(c.offer, Math.max(bestByOffer.get(c.offer) ?? 0, c.value));
        const [offer, value] = [...bestByOffer].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
        const need = valuation?.needByOffer[offer] ?? valuing.candidateValue.hyperParameters.defaultNeed as number;
        const context = channelContext(need, value);
        const state = banditFromModel(bandit, await models.banditHistory(bandit.id));
        const open = [...new Set(candidates.filter((c) => c.offer === offer).map((c) => c.channel))];
        const choice = chooseChannel(state, context, open, createRng(`decision:${decisionId}`));
        const dealer = candidates.filter((c) => c.offer === offer && c.channel === choice.channel).sort((a, b) => b.value - a.value || a.dealer.localeCompare(b.dealer))[0]!.dealer;
        chosen = { offer, channel: choice.channel, dealer };
        probabilities = choice.probabilities;
        record = {
          ...base, modelVersions: [...(valuation?.modelVersions ?? [valuing.candidateValue.id]), bandit.id], action: `${offer}|${choice.channel}|${dealer}`,
          propensity: choice.propensity,
          scores: { value, need, 'context.bias': context[0]!, 'context.need': context[1]!, 'context.valueShare': context[2]!, ...Object.fromEntries(Object.entries(choice.probabilities).map(([k, p]) => [`p.${k}`, p])) },
          reasons: [`${offer} has the highest value (${value.toFixed(2)}) of ${bestByOffer.size} eligible offer(s)`, ...choice.reasons, ...holdout.reasons, ...(valuation?.reasons ?? [])],
        };
      }
      await models.logDecisions([record]);
      return { ...record, offer: chosen?.offer ?? null, channel: chosen?.channel ?? null, dealer: chosen?.dealer ?? null, probabilities };
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

/** A logged decision in the shape `decide` returns. */
function decisionView(r: DecisionLogRecord): Decision {
  const [offer, channel, dealer] = r.action === 'none' ? [null, null, null] : r.action.split('|');
  const probabilities = Object.fromEntries(Object.entries(r.scores).filter(([k]) => k.startsWith('p.')).map(([k, p]) => [k.slice(2), p]));
  return { ...r, offer: offer ?? null, channel: channel ?? null, dealer: dealer ?? null, probabilities };
}

function strip(a: Assignment): Pick<DecisionDelivery, 'customer' | 'offer' | 'channel' | 'dealer'> {
  return { customer: a.customer, offer: a.offer, channel: a.channel, dealer: a.dealer };
}

export type PlansStore = ReturnType<typeof plansStore>;

/**
 * Data-subject rights for stored plans: the plan's assignments and per-customer explanations
 * name owners. Export returns this person's entries; erasure removes them from every plan (the
 * plan's totals stay, as aggregates that no longer name anyone).
 */
export const optimizerSubjectData: SubjectDataHook = {
  name: 'optimizer',
  async export(db, subject) {
    const { rows } = await db.query<{ id: string; created_at: unknown; assignment: unknown; decision: unknown }>(
      `SELECT p.id, p.created_at,
              (SELECT a FROM jsonb_array_elements(p.assignments) a WHERE a->>'customer' = $1 LIMIT 1) AS assignment,
              (SELECT d FROM jsonb_array_elements(p.plan->'decisions') d WHERE d->>'customer' = $1 LIMIT 1) AS decision
         FROM optimizer_plans p
        WHERE p.assignments @> jsonb_build_array(jsonb_build_object('customer', $1::text))
           OR (p.plan->'decisions') @> jsonb_build_array(jsonb_build_object('customer', $1::text))
        ORDER BY p.created_at, p.id`, [subject.ownerId]);
    return { plans: rows.map((r) => ({ planId: r.id, createdAt: r.created_at, assignment: r.assignment ?? null, explanation: r.decision ?? null })) };
  },
  async erase(db, subject) {
    await db.query(
      `UPDATE optimizer_plans p SET
          assignments = (SELECT coalesce(jsonb_agg(a ORDER BY n), '[]'::jsonb) FROM jsonb_array_elements(p.assignments) WITH ORDINALITY AS x(a, n) WHERE a->>'customer' IS DISTINCT FROM $1),
          plan = jsonb_set(p.plan, '{decisions}', (SELECT coalesce(jsonb_agg(d ORDER BY n), '[]'::jsonb) FROM jsonb_array_elements(coalesce(p.plan->'decisions', '[]'::jsonb)) WITH ORDINALITY AS y(d, n) WHERE d->>'customer' IS DISTINCT FROM $1))
        WHERE p.assignments @> jsonb_build_array(jsonb_build_object('customer', $1::text))
           OR (p.plan->'decisions') @> jsonb_build_array(jsonb_build_object('customer', $1::text))`, [subject.ownerId]);
  },
};
