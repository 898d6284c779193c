import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pendingMigrations } from '../../store';
import type { AppDeps } from '../deps';

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/health', {
    schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) } },
  }, async () => ({ status: 'ok' as const, version: deps.version ?? '0.0.0' }));

  r.get('/ready', {
    schema: {
      tags: ['health'],
      summary: 'Readiness: the database answers and its schema is current',
      response: {
        200: z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }),
        503: z.object({ status: z.literal('not_ready'), reason: z.string() }),
      },
    },
  }, async (_req, reply) => {
    try {
      await deps.store.ping();
      const pending = await pendingMigrations(deps.store.db);
      if (pending.length > 0) return reply.status(503).send({ status: 'not_ready' as const, reason: `pending migrations: ${pending.join(', ')}` });
      return { status: 'ready' as const, database: deps.store.kind };
    } catch (err) {
      return reply.status(503).send({ status: 'not_ready' as const, reason: `database: ${(err as Error).message}` });
    }
  });
}
