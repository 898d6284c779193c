import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { Channel, MarketCode, NodeId, Offer, Vin } from '../domain';
import { fundPosition, fundsStore } from '../funds';
import { scopeOf } from '../identity';
import { errorCodes, ForecourtError } from '../kernel';
import type { TenantScope } from '../store';
import { arbitrate, CustomerCandidates } from './arbitrate';
import { OfferContent, parseCatalogOffer, StoredRule } from './catalog-offer';
import { checkStoredRules, describeConditions } from './conditions';
import { ContactPolicy } from './contact-policy';
import { evaluateCatalog } from './evaluate-catalog';
import { catalogStore } from './offer-catalog-store';
import { ConflictPolicy, resolveChannelConflict } from './resolve-channel-conflict';

const ErrorResponse = z.object({ code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes]), message: z.string(), details: z.unknown().optional() });
const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** Response schema of a stored offer (no refinements: offers stored before the catalog fields existed still answer). */
const CatalogResponse = Offer.extend({
  ownerNodeId: z.string(), fundId: z.string().nullable(), costMinor: z.number(), content: z.array(OfferContent), exclusivityGroup: z.string().nullable(),
  stackable: z.boolean(), priority: z.number(), perCustomerLimit: z.number().nullable(), globalLimit: z.number().nullable(), rules: z.array(StoredRule),
});
const IdParams = z.strictObject({ id: Offer.shape.id });
const Reason = z.object({ code: z.string(), passed: z.boolean(), detail: z.string() });

const EligibilityBody = z.strictObject({
  vin: Vin,
  /** The moment to decide for (default now): consent and redemptions as they were then. */
  at: z.iso.datetime().optional(),
  channel: Channel.optional(),
  /** The dealer that would serve the offer (default the vehicle's home dealer). */
  dealerId: NodeId.optional(),
  offerIds: z.array(Offer.shape.id).max(200).optional(),
});

const ArbitrateBody = z.strictObject({
  customers: z.array(CustomerCandidates).min(1).max(5000),
  policy: ContactPolicy.default(ContactPolicy.parse({})),
  /** Remaining budget per fund; default: each fund's position (budget − committed). */
  budgets: z.record(z.string(), z.number()).optional(),
  /** Uses so far per offer; default: redemptions on the ledger. */
  usage: z.record(z.string(), z.int().min(0)).optional(),
});

const ConflictBody = z.strictObject({
  customer: z.strictObject({ id: z.string().min(1).max(100), postalCode: z.string().min(1).max(12).nullable(), homeDealerId: NodeId.nullable() }),
  offerIds: z.array(Offer.shape.id).min(1).max(50),
  policy: ConflictPolicy.default(ConflictPolicy.parse({})),
});

function scope(req: FastifyRequest): TenantScope {
  if (!req.principal) throw new ForecourtError('UNAUTHENTICATED');
  return scopeOf(req.principal);
}

/** The offer catalog with its catalog fields, eligibility checks, arbitration and channel conflicts. */
export function registerCatalogRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const catalog = catalogStore(deps.store.db);

  r.get('/api/v1/catalog/offers', {
    config: { permission: 'offers.read' },
    schema: {
      tags: ['offers'], summary: 'The offer catalog visible to the caller: own offers, offers from above (OEM, NSC) and below',
      querystring: z.strictObject({ market: MarketCode.optional() }), response: { 200: z.object({ items: z.array(CatalogResponse) }), ...errors },
    },
  }, async (req) => ({ items: await catalog.list(scope(req), req.query.market ? { market: req.query.market } : {}) }));

  r.get('/api/v1/catalog/offers/:id', {
    config: { permission: 'offers.read' },
    schema: { tags: ['offers'], summary: 'One catalog offer', params: IdParams, response: { 200: CatalogResponse, ...errors } },
  }, async (req) => {
    const offer = await catalog.get(scope(req), req.params.id);
    if (!offer) throw new ForecourtError('NOT_FOUND');
    return offer;
  });

  r.put('/api/v1/catalog/offers/:id', {
    config: { permission: 'offers.write' },
    schema: {
      tags: ['offers'], summary: 'Create or replace a catalog offer (terms checked per kind, rules checked against the condition registry)',
      params: IdParams, body: z.record(z.string(), z.unknown()), response: { 200: CatalogResponse, 201: CatalogResponse, ...errors },
    },
  }, async (req, reply) => {
    const offer = parseCatalogOffer({ ...req.body, id: req.params.id });
    const rules = checkStoredRules(offer.rules);
    if (!rules.ok) throw new ForecourtError('VALIDATION_FAILED', rules.problems.map((p) => `rule ${p.index}: ${p.message}`).join('\n'), { problems: rules.problems });
    const s = scope(req);
    const { created } = await catalog.put(s, offer);
    const stored = await catalog.get(s, offer.id);
    if (!stored) throw new ForecourtError('NOT_FOUND');
    return reply.status(created ? 201 : 200).send(stored);
  });

  r.get('/api/v1/catalog/conditions', {
    config: { permission: 'offers.read' },
    schema: { tags: ['offers'], summary: 'Registered eligibility conditions with the JSON Schema of their params', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), description: z.string(), params: z.unknown() })) }) } },
  }, async () => ({ items: describeConditions() }));

  r.post('/api/v1/catalog/eligibility', {
    config: { permission: 'customers.read' },
    schema: {
      tags: ['offers'], summary: 'Eligibility of one vehicle for each visible catalog offer, with a reason per condition',
      body: EligibilityBody,
      response: { 200: z.object({ vin: z.string(), at: z.string(), items: z.array(z.object({ offerId: z.string(), name: z.string(), eligible: z.boolean(), reasons: z.array(Reason) })) }), ...errors },
    },
  }, async (req) => {
    const s = scope(req);
    const at = req.body.at ? new Date(req.body.at) : deps.clock();
    if (req.body.dealerId !== undefined && !(await deps.store.network.getDealer(s, req.body.dealerId))) throw new ForecourtError('NOT_FOUND');
    const ctx = await catalog.eligibilityContext(s, req.body.vin, { at, channel: req.body.channel ?? null, dealerId: req.body.dealerId ?? null });
    if (!ctx) throw new ForecourtError('NOT_FOUND');
    const offers = await catalog.list(s, req.body.offerIds ? { ids: req.body.offerIds } : {});
    const names = new Map(offers.map((o) => [o.id, o.name] as const));
    const items = evaluateCatalog(offers, ctx, at).map((e) => ({ ...e, name: names.get(e.offerId) ?? e.offerId }));
    return { vin: req.body.vin, at: at.toISOString(), items };
  });

  r.post('/api/v1/catalog/arbitrate', {
    config: { permission: 'offers.read' },
    schema: {
      tags: ['offers'], summary: 'Arbitrate eligible candidates per customer: priority, exclusivity, stacking, limits, budgets, contact policy (nothing is stored)',
      body: ArbitrateBody,
      response: {
        200: z.object({
          decisions: z.array(z.object({ customerId: z.string(), granted: z.array(z.object({ offerId: z.string(), channel: z.string() })), refused: z.array(z.object({ offerId: z.string(), channel: z.string(), code: z.string(), detail: z.string() })) })),
          budgets: z.record(z.string(), z.number()), usage: z.record(z.string(), z.number()),
        }),
        ...errors,
      },
    },
  }, async (req) => {
    const ids = [...new Set(req.body.customers.flatMap((c) => c.candidates.map((x) => x.offerId)))];
    const offers = await catalog.list(scope(req), { ids });
    let budgets = req.body.budgets;
    let usage = req.body.usage;
    if (budgets === undefined || usage === undefined) {
      const funds = fundsStore(deps.store.db);
      const computedBudgets: Record<string, number> = {};
      const computedUsage: Record<string, number> = {};
      for (const fundId of new Set(offers.map((o) => o.fundId).filter((f): f is string => f !== null))) {
        const ledger = await funds.ledger(fundId);
        computedBudgets[fundId] = fundPosition(ledger, fundId).remainingMinor;
        for (const e of ledger) if (e.type === 'accrual') computedUsage[e.offerId] = (computedUsage[e.offerId] ?? 0) + 1;
      }
      budgets ??= computedBudgets;
      usage ??= computedUsage;
    }
    return arbitrate({ offers, customers: req.body.customers, budgets, usage, policy: req.body.policy, now: deps.clock() });
  });

  r.post('/api/v1/catalog/conflicts', {
    config: { permission: 'offers.read' },
    schema: {
      tags: ['offers'], summary: 'Resolve competing OEM, dealer and conquest offers for one customer by the documented policy, with an explanation',
      body: ConflictBody,
      response: {
        200: z.object({
          customerId: z.string(), conflict: z.boolean(), kinds: z.array(z.string()), winner: z.string().nullable(), kept: z.array(z.string()),
          suppressed: z.array(z.object({ offerId: z.string(), code: z.string(), detail: z.string() })),
          coFunding: z.array(z.object({ nodeId: z.string(), sharePct: z.number(), amountMinor: z.number() })).nullable(), explanation: z.array(z.string()),
        }),
        ...errors,
      },
    },
  }, async (req) => {
    const offers = await catalog.list(scope(req), { ids: req.body.offerIds });
    if (offers.length !== new Set(req.body.offerIds).size) throw new ForecourtError('NOT_FOUND');
    const global: TenantScope = { kind: 'global' };
    const nodes = (await deps.store.network.listNodes(global)).map(({ path: _p, ...n }) => n);
    const dealers = await deps.store.network.listDealers(global);
    return resolveChannelConflict({ customer: req.body.customer, offers, nodes, dealers, policy: req.body.policy });
  });
}
