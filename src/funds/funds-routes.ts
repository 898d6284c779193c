import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { Fund, NodeId, Offer } from '../domain';
import { scopeOf } from '../identity';
import { errorCodes, ForecourtError } from '../kernel';
import type { TenantScope } from '../store';
import { DealerClaim } from './adjudicate-claim';
import { fundsStore } from './funds-store';
import { LedgerEntry } from './ledger';

const ErrorResponse = z.object({ code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes]), message: z.string(), details: z.unknown().optional() });
const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

const Position = z.object({
  fundId: z.string(), fund: Fund, budgetMinor: z.number(), accruedMinor: z.number(), claimedMinor: z.number(), settledMinor: z.number(),
  outstandingMinor: z.number(), rejectedClaims: z.number(), remainingMinor: z.number(),
});
const Reason = z.object({ code: z.string(), passed: z.boolean(), detail: z.string() });
const Decision = z.object({ claimId: z.string(), status: z.enum(['settled', 'rejected']), reasons: z.array(Reason), entries: z.array(LedgerEntry) });
const ClaimBody = DealerClaim.omit({ submittedAt: true });
const StoredClaim = DealerClaim.extend({ vin: z.string(), status: z.enum(['settled', 'rejected']), reasons: z.array(Reason) });
const RedemptionBody = z.strictObject({ offerId: Offer.shape.id, vin: z.string().max(40), dealerId: NodeId, redeemedAt: z.iso.datetime() });

function scope(req: FastifyRequest): TenantScope {
  if (!req.principal) throw new ForecourtError('UNAUTHENTICATED');
  return scopeOf(req.principal);
}

/** Trade funds (budgets, position), redemptions (accruals) and dealer claims. */
export function registerFundsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const funds = fundsStore(deps.store.db);

  r.put('/api/v1/funds/:id', {
    config: { permission: 'offers.write' },
    schema: {
      tags: ['funds'], summary: 'Open a trade fund for a program at a tier, or change its budget (a budget entry on the ledger)',
      params: z.strictObject({ id: Fund.shape.id }), body: Fund.omit({ id: true }),
      response: { 200: Position, 201: Position, ...errors },
    },
  }, async (req, reply) => {
    const fund: Fund = { ...req.body, id: req.params.id };
    const s = scope(req);
    const result = await funds.putFund(s, fund, deps.clock());
    return reply.status(result.created ? 201 : 200).send(await funds.position(s, fund.id));
  });

  r.get('/api/v1/funds/positions', {
    config: { permission: 'claims.read' },
    schema: { tags: ['funds'], summary: 'Positions of the funds visible to the caller (its tier, above and below)', response: { 200: z.object({ items: z.array(Position) }), ...errors } },
  }, async (req) => {
    const s = scope(req);
    const items = [];
    for (const fund of await funds.listFunds(s)) items.push(await funds.position(s, fund.id));
    return { items };
  });

  r.get('/api/v1/funds/:id/position', {
    config: { permission: 'claims.read' },
    schema: { tags: ['funds'], summary: 'Fund position: budget, accrued, claimed, settled, outstanding, remaining', params: z.strictObject({ id: Fund.shape.id }), response: { 200: Position, ...errors } },
  }, async (req) => funds.position(scope(req), req.params.id));

  r.get('/api/v1/funds/:id/ledger', {
    config: { permission: 'claims.read' },
    schema: { tags: ['funds'], summary: 'The fund\'s append-only ledger', params: z.strictObject({ id: Fund.shape.id }), response: { 200: z.object({ items: z.array(LedgerEntry) }), ...errors } },
  }, async (req) => {
    await funds.position(scope(req), req.params.id);
    return { items: [...(await funds.ledger(req.params.id))] };
  });

  r.post('/api/v1/redemptions', {
    config: { permission: 'claims.write' },
    schema: {
      tags: ['funds'], summary: 'A dealer records that it honoured a funded offer: the fund accrues the offer\'s cost (201), or the reason it does not (200, recorded: false)',
      body: RedemptionBody,
      response: { 200: z.object({ recorded: z.boolean(), code: z.string(), detail: z.string() }), 201: z.object({ recorded: z.boolean(), entry: LedgerEntry }), ...errors },
    },
  }, async (req, reply) => {
    const outcome = await funds.redeem(scope(req), req.body, deps.clock());
    if (outcome.ok) return reply.status(201).send({ recorded: true, entry: outcome.entry });
    return reply.status(200).send({ recorded: false, code: outcome.code, detail: outcome.detail });
  });

  r.post('/api/v1/claims', {
    config: { permission: 'claims.write' },
    schema: {
      tags: ['funds'], summary: 'Submit a dealer claim: checked against the offer ledger and settled or rejected with a reason per check',
      body: ClaimBody, response: { 201: Decision, ...errors },
    },
  }, async (req, reply) => {
    const now = deps.clock();
    const decision = await funds.submitClaim(scope(req), { ...req.body, submittedAt: now.toISOString() }, now);
    return reply.status(201).send(decision);
  });

  r.get('/api/v1/claims', {
    config: { permission: 'claims.read' },
    schema: {
      tags: ['funds'], summary: 'Claims of the dealers visible to the caller, newest first',
      querystring: z.strictObject({ dealerId: NodeId.optional() }), response: { 200: z.object({ items: z.array(StoredClaim) }), ...errors },
    },
  }, async (req) => ({ items: await funds.listClaims(scope(req), req.query.dealerId ? { dealerId: req.query.dealerId } : {}) }));
}
