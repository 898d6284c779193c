import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, verifySsoToken, type IdentityStore, type Principal, type SsoConfig } from '../identity';
import { ForecourtError } from '../kernel';

/** Resolves the caller of a request, or undefined when it presents no valid credential. */
export type Authenticator = (request: FastifyRequest, now: Date) => Promise<Principal | undefined>;

export const sessionCookie = 'fc_session';

/**
 * Credentials, in order: `Authorization: Bearer fck_…` (API key), `Bearer <JWT>`
 * (single sign-on, when configured), the `fc_session` cookie (dashboard login).
 * Tenant headers such as X-Tenant-Id are never read (AZ-05).
 */
export function createAuthenticator(identity: IdentityStore, sso?: SsoConfig): Authenticator {
  return async (request, now) => {
    const header = request.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      if (token.startsWith('fck_')) return identity.principalFromApiKey(token);
      if (sso && token.split('.').length === 3) {
        const claims = await verifySsoToken(token, sso, now);
        return claims ? identity.principalFromSso(claims.email, claims.forecourt_node, claims.forecourt_role) : undefined;
      }
      return undefined;
    }
    const cookie = request.cookies?.[sessionCookie];
    if (cookie) return identity.principalFromSession(cookie, now);
    return undefined;
  };
}

/** For tests of routes that are not about authentication: always this principal. */
export function staticAuthenticator(principal: Principal): Authenticator {
  return async () => principal;
}

/**
 * Installs authentication and route-level authorisation. Every /api route must
 * declare `config.permission`; the app refuses to start otherwise (AZ-20).
 * No credential → 401; a credential without the permission → 403. Row-level
 * tenancy is then enforced by the store through `requestScope`.
 */
export function installAuth(app: FastifyInstance, authenticate: Authenticator, clock: () => Date): void {
  const undeclared: string[] = [];
  app.decorateRequest('principal', undefined);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.permission) undeclared.push(`${String(route.method)} ${route.url}`);
  });
  app.addHook('onReady', async () => {
    if (undeclared.length > 0) throw new Error(`routes without a permission: ${undeclared.join(', ')}`);
  });
  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config?.permission;
    if (!permission || permission === 'public') return;
    const principal = await authenticate(request, clock());
    if (!principal) throw new ForecourtError('UNAUTHENTICATED');
    if (!can(principal, permission)) throw new ForecourtError('FORBIDDEN');
    request.principal = principal;
  });
}

export { requestScope } from '../identity';
