import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Market } from '../../domain';
import type { AppDeps } from '../deps';
import { requestScope } from '../auth';

const OverviewResponse = z.object({
  totals: z.object({ markets: z.number(), dealers: z.number(), vehicles: z.number(), owners: z.number(), offers: z.number(), campaigns: z.number() }),
  markets: z.array(z.object({ market: z.string(), name: z.string(), currency: z.string(), dealers: z.number(), vehicles: z.number(), owners: z.number() })),
  counters: z.record(z.string(), z.number()),
  database: z.enum(['pglite', 'postgres']),
  generatedAt: z.string(),
});

export function registerOverviewRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/overview', {
    config: { permission: 'overview.read' },
    schema: { tags: ['overview'], summary: 'Market overview with live counters', response: { 200: OverviewResponse } },
  }, async (req) => {
    const o = await deps.store.overview(requestScope(req));
    return { ...o, counters: deps.counters.snapshot(), database: deps.store.kind, generatedAt: deps.clock().toISOString() };
  });

  r.get('/api/v1/markets', {
    config: { permission: 'overview.read' },
    schema: { tags: ['network'], summary: 'Markets and their rule inheritance', response: { 200: z.object({ items: z.array(Market) }) } },
  }, async () => ({ items: await deps.store.network.listMarkets() }));
}
