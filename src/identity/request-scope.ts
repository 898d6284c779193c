import type { FastifyRequest } from 'fastify';
import { ForecourtError } from '../kernel';
import type { TenantScope } from '../store';
import type { Permission } from './roles';
import { scopeOf, type Principal } from './principal';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** The permission a route requires; every /api route must declare one. */
    permission?: Permission;
  }
}

/**
 * The tenant scope of a request; the store filters every customer read by it. It lives here, not
 * in src/app, so that capability route files need no runtime import of the app (which imports
 * every capability: a cycle that left route modules undefined depending on import order).
 */
export function requestScope(request: FastifyRequest): TenantScope {
  if (!request.principal) throw new ForecourtError('UNAUTHENTICATED');
  return scopeOf(request.principal);
}
