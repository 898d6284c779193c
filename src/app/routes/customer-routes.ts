import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConsentChange, ConsentChannel, ConsentPurpose, MarketCode, NodeId, Owner, OwnerId, Vehicle, Vin } from '../../domain';
import { ForecourtError } from '../../kernel';
import { errorResponses, PageQuery } from '../api-schemas';
import type { AppDeps } from '../deps';
import { requestScope } from '../auth';

const ConsentRequest = z.strictObject({
  purpose: ConsentPurpose,
  channel: ConsentChannel,
  granted: z.boolean(),
  source: ConsentChange.shape.source,
  actor: z.string().min(1).max(200),
});

export function registerCustomerRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/vehicles', {
    config: { permission: 'customers.read' },
    schema: {
      tags: ['customers'], summary: 'Vehicles visible to the caller, paged by VIN',
      querystring: PageQuery.extend({ market: MarketCode.optional(), dealerId: NodeId.optional() }),
      response: { 200: z.object({ items: z.array(Vehicle), next: z.string().nullable() }), ...errorResponses },
    },
  }, async (req) => {
    const { limit, after, market, dealerId } = req.query;
    return deps.store.customers.listVehicles(requestScope(req), { limit, ...(after ? { after } : {}), ...(market ? { market } : {}), ...(dealerId ? { dealerId } : {}) });
  });

  r.get('/api/v1/vehicles/:vin', {
    config: { permission: 'customers.read' },
    schema: { tags: ['customers'], summary: 'One vehicle', params: z.strictObject({ vin: Vin }), response: { 200: Vehicle, ...errorResponses } },
  }, async (req) => {
    const v = await deps.store.customers.getVehicle(requestScope(req), req.params.vin);
    if (!v) throw new ForecourtError('NOT_FOUND');
    return v;
  });

  r.get('/api/v1/owners', {
    config: { permission: 'customers.read' },
    schema: { tags: ['customers'], summary: 'Owners visible to the caller, paged by id', querystring: PageQuery, response: { 200: z.object({ items: z.array(Owner), next: z.string().nullable() }), ...errorResponses } },
  }, async (req) => deps.store.customers.listOwners(requestScope(req), { limit: req.query.limit, ...(req.query.after ? { after: req.query.after } : {}) }));

  r.get('/api/v1/owners/:id', {
    config: { permission: 'customers.read' },
    schema: { tags: ['customers'], summary: 'One owner', params: z.strictObject({ id: OwnerId }), response: { 200: Owner, ...errorResponses } },
  }, async (req) => {
    const o = await deps.store.customers.getOwner(requestScope(req), req.params.id);
    if (!o) throw new ForecourtError('NOT_FOUND');
    return o;
  });

  r.get('/api/v1/owners/:id/consents', {
    config: { permission: 'consent.read' },
    schema: {
      tags: ['consent'], summary: 'Current consent per purpose and channel, and its full history',
      params: z.strictObject({ id: OwnerId }),
      response: { 200: z.object({ state: z.record(z.string(), z.boolean()), history: z.array(ConsentChange) }), ...errorResponses },
    },
  }, async (req) => {
    if (!(await deps.store.customers.getOwner(requestScope(req), req.params.id))) throw new ForecourtError('NOT_FOUND');
    return { state: await deps.store.customers.consentState(req.params.id), history: await deps.store.customers.consentHistory(req.params.id) };
  });

  r.post('/api/v1/owners/:id/consents', {
    config: { permission: 'consent.write' },
    schema: {
      tags: ['consent'], summary: 'Give or withdraw consent for a purpose and channel (appends to the history)',
      params: z.strictObject({ id: OwnerId }), body: ConsentRequest,
      response: { 201: ConsentChange, ...errorResponses },
    },
  }, async (req, reply) => {
    if (!(await deps.store.customers.getOwner(requestScope(req), req.params.id))) throw new ForecourtError('NOT_FOUND');
    const change: ConsentChange = { ownerId: req.params.id, ...req.body, at: deps.clock().toISOString() };
    await deps.store.customers.recordConsent(change);
    deps.counters.inc('consent.changes');
    return reply.status(201).send(change);
  });
}
