import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Dealer, MarketCode, NodeId, StockLine, TenantKind, VehicleModel } from '../../domain';
import { ForecourtError } from '../../kernel';
import { errorResponses } from '../api-schemas';
import type { AppDeps } from '../deps';
import { requestScope } from '../auth';

const DealerResponse = Dealer.extend({ parentId: z.string().nullable(), market: z.string().nullable() });
const NodeResponse = z.object({ id: z.string(), kind: TenantKind, parentId: z.string().nullable(), name: z.string(), market: z.string().nullable(), path: z.string() });
const IdParams = z.strictObject({ id: NodeId });

export function registerNetworkRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/nodes', {
    config: { permission: 'network.read' },
    schema: { tags: ['network'], summary: 'The tenant hierarchy visible to the caller', response: { 200: z.object({ items: z.array(NodeResponse) }) } },
  }, async (req) => ({ items: await deps.store.network.listNodes(requestScope(req)) }));

  r.get('/api/v1/dealers', {
    config: { permission: 'network.read' },
    schema: {
      tags: ['network'], summary: 'Dealers with capacity and certified technicians',
      querystring: z.strictObject({ market: MarketCode.optional() }),
      response: { 200: z.object({ items: z.array(DealerResponse) }), ...errorResponses },
    },
  }, async (req) => ({ items: await deps.store.network.listDealers(requestScope(req), req.query.market ? { market: req.query.market } : {}) }));

  r.get('/api/v1/dealers/:id', {
    config: { permission: 'network.read' },
    schema: { tags: ['network'], summary: 'One dealer', params: IdParams, response: { 200: DealerResponse, ...errorResponses } },
  }, async (req) => {
    const d = await deps.store.network.getDealer(requestScope(req), req.params.id);
    if (!d) throw new ForecourtError('NOT_FOUND');
    return d;
  });

  r.get('/api/v1/dealers/:id/stock', {
    config: { permission: 'network.read' },
    schema: { tags: ['network'], summary: 'Parts and vehicle stock of a dealer', params: IdParams, response: { 200: z.object({ items: z.array(StockLine) }), ...errorResponses } },
  }, async (req) => {
    const scope = requestScope(req);
    if (!(await deps.store.network.getDealer(scope, req.params.id))) throw new ForecourtError('NOT_FOUND');
    return { items: await deps.store.network.listStock(scope, req.params.id) };
  });

  r.get('/api/v1/models', {
    config: { permission: 'overview.read' },
    schema: { tags: ['network'], summary: 'Vehicle models with counts of trims and hardware variants', response: { 200: z.object({ items: z.array(VehicleModel.extend({ trims: z.number(), variants: z.number() })) }) } },
  }, async () => ({ items: await deps.store.customers.listModels() }));
}
