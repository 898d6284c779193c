import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ForecourtError } from '../kernel';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installAuth } from './auth';
import type { AppDeps } from './deps';
import { installErrorHandler } from './error-handler';
import { registerCustomerRoutes } from './routes/customer-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerIdentityRoutes } from './routes/identity-routes';
import { registerNetworkRoutes } from './routes/network-routes';
import { registerOfferRoutes } from './routes/offer-routes';
import { registerOverviewRoutes } from './routes/overview-routes';

/** A route module: one function that registers its routes on the app. */
export type RouteModule = (app: FastifyInstance, deps: AppDeps) => void;

export const coreRoutes: RouteModule[] = [
  registerHealthRoutes,
  registerOverviewRoutes,
  registerNetworkRoutes,
  registerCustomerRoutes,
  registerOfferRoutes,
  registerIdentityRoutes,
];

/**
 * Builds the HTTP app without listening (tests use `inject`). Capabilities add
 * their routes through `extraRoutes`.
 */
export async function createApp(deps: AppDeps, extraRoutes: RouteModule[] = []): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logLevel === undefined || deps.logLevel === 'silent' ? false : { level: deps.logLevel },
    bodyLimit: 1024 * 1024,
    // Prototype-poisoning bodies (__proto__, constructor.prototype) are rejected, not stripped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Never trust X-Forwarded-* for anything: the platform runs behind no proxy by default.
    trustProxy: false,
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(fastifyCookie);
  if (deps.rateLimitPerMinute !== false) {
    await app.register(fastifyRateLimit, {
      global: true,
      max: deps.rateLimitPerMinute ?? 1200,
      timeWindow: 60_000,
      // One bucket per credential when one is presented (hashed, never logged), else per address.
      keyGenerator: (req) => {
        const cred = req.headers.authorization ?? req.cookies?.fc_session;
        return cred ? `cred:${createHash('sha256').update(String(cred)).digest('hex').slice(0, 16)}` : `ip:${req.ip}`;
      },
      errorResponseBuilder: (_req, ctx) => new ForecourtError('RATE_LIMITED', `rate limit of ${ctx.max} requests per minute exceeded; retry in ${Math.ceil(ctx.ttl / 1000)} s`),
    });
  }
  installAuth(app, deps.authenticate, deps.clock);

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Forecourt API',
        version: deps.version ?? '0.0.0',
        description: 'Plans, personalises, checks, delivers and measures automotive promotions. Errors are `{ code, message, details }` with stable codes.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  for (const register of [...coreRoutes, ...extraRoutes]) register(app, deps);

  if (deps.webRoot && existsSync(deps.webRoot)) {
    await app.register(fastifyStatic, { root: deps.webRoot, prefix: '/', index: ['index.html'], wildcard: false });
    // Client-side routes fall back to the dashboard's index.html.
    app.get('/app/*', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('Forecourt API. The dashboard is not built: run `npm run build:web`. API docs: /docs'));
  }
  return app;
}
