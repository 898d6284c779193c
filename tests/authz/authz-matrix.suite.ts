import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilityRoutesFor, createApp, createAuthenticator, createCounters } from '../../src/app';
import { loadConfig } from '../../src/config';
import { identityStore, roles, roleTable, type Role } from '../../src/identity';
import { fixedClock, makeVin } from '../../src/kernel';
import type { Store } from '../../src/store';
import { fixture, loadFixture } from '../../src/testing';

/** Where each role sits in the fixture network, and what is "own" and "other" for it there. */
const seat: Record<Role, string> = {
  oem_admin: 'oem', compliance_reviewer: 'oem', release_manager: 'oem', dpo: 'oem',
  nsc_marketing: 'nsc-us', distributor: 'dist-us-west', dealer_principal: 'dlr-a', dealer_service: 'dlr-a', telematics_gateway: 'oem',
};

import { capabilityCases, capabilityPublicRoutes, capabilitySetups } from './capability-cases';
import type { ObjectKind, RouteCase } from './route-case';

const vinOf = (ownerId: string) => fixture.vehicles.find((v) => v.ownerId === ownerId)!.vin;

/** The route inventory. A route registered in the app but missing here fails the suite. */
const coreCases: RouteCase[] = [
  { method: 'GET', route: '/api/v1/overview', permission: 'overview.read', object: 'none', url: () => '/api/v1/overview' },
  { method: 'GET', route: '/api/v1/markets', permission: 'overview.read', object: 'none', url: () => '/api/v1/markets' },
  { method: 'GET', route: '/api/v1/models', permission: 'overview.read', object: 'none', url: () => '/api/v1/models' },
  { method: 'GET', route: '/api/v1/nodes', permission: 'network.read', object: 'none', url: () => '/api/v1/nodes' },
  { method: 'GET', route: '/api/v1/dealers', permission: 'network.read', object: 'none', url: () => '/api/v1/dealers' },
  { method: 'GET', route: '/api/v1/dealers/:id', permission: 'network.read', object: 'dealer', url: (id) => `/api/v1/dealers/${id}` },
  { method: 'GET', route: '/api/v1/dealers/:id/stock', permission: 'network.read', object: 'dealer', url: (id) => `/api/v1/dealers/${id}/stock` },
  { method: 'GET', route: '/api/v1/vehicles', permission: 'customers.read', object: 'none', url: () => '/api/v1/vehicles' },
  { method: 'GET', route: '/api/v1/vehicles/:vin', permission: 'customers.read', object: 'vehicle', url: (id) => `/api/v1/vehicles/${id}` },
  { method: 'GET', route: '/api/v1/owners', permission: 'customers.read', object: 'none', url: () => '/api/v1/owners' },
  { method: 'GET', route: '/api/v1/owners/:id', permission: 'customers.read', object: 'owner', url: (id) => `/api/v1/owners/${id}` },
  { method: 'GET', route: '/api/v1/owners/:id/consents', permission: 'consent.read', object: 'owner', url: (id) => `/api/v1/owners/${id}/consents` },
  { method: 'POST', route: '/api/v1/owners/:id/consents', permission: 'consent.write', object: 'owner', url: (id) => `/api/v1/owners/${id}/consents`,
    body: () => ({ purpose: 'profiling', channel: 'any', granted: true, source: 'support', actor: 'matrix' }) },
  { method: 'GET', route: '/api/v1/offers', permission: 'offers.read', object: 'none', url: () => '/api/v1/offers' },
  { method: 'GET', route: '/api/v1/offers/:id', permission: 'offers.read', object: 'none', url: () => '/api/v1/offers/off-brakes' },
  { method: 'POST', route: '/api/v1/offers', permission: 'offers.write', object: 'none', url: () => '/api/v1/offers', body: () => fixture.offer },
  { method: 'GET', route: '/api/v1/programs', permission: 'offers.read', object: 'none', url: () => '/api/v1/programs' },
  { method: 'GET', route: '/api/v1/funds', permission: 'offers.read', object: 'none', url: () => '/api/v1/funds' },
  { method: 'GET', route: '/api/v1/campaigns', permission: 'offers.read', object: 'none', url: () => '/api/v1/campaigns' },
  { method: 'GET', route: '/api/v1/auth/me', permission: 'self', object: 'none', url: () => '/api/v1/auth/me' },
  { method: 'POST', route: '/api/v1/auth/logout', permission: 'self', object: 'none', url: () => '/api/v1/auth/logout' },
  { method: 'POST', route: '/api/v1/users', permission: 'users.manage', object: 'none', url: () => '/api/v1/users',
    body: ({ role }) => ({ email: `new-${role}-${Math.random().toString(36).slice(2)}@example.com`, displayName: 'New', password: 'a-long-password-1', memberships: [{ nodeId: 'dlr-b', role: 'dealer_service' }] }) },
  { method: 'POST', route: '/api/v1/users/:id/deactivate', permission: 'users.manage', object: 'none', url: () => '/api/v1/users/usr-none/deactivate' },
  { method: 'POST', route: '/api/v1/api-keys', permission: 'users.manage', object: 'none', url: () => '/api/v1/api-keys', body: () => ({ name: 'k', nodeId: 'dlr-b', role: 'dealer_service' }) },
  { method: 'GET', route: '/api/v1/audit', permission: 'audit.read', object: 'none', url: () => '/api/v1/audit' },
  { method: 'GET', route: '/api/v1/subjects/:ownerId/export', permission: 'subject.export', object: 'owner', url: (id) => `/api/v1/subjects/${id}/export` },
  { method: 'POST', route: '/api/v1/subjects/:ownerId/erase', permission: 'subject.erase', object: 'owner', url: (id) => `/api/v1/subjects/${id}/erase`, fresh: true },
];

export const routeCases: RouteCase[] = [...coreCases, ...capabilityCases];

/** Routes reachable without a credential (they must not be in the matrix above). */
export const publicRoutes = ['POST /api/v1/auth/login', ...capabilityPublicRoutes];

/** Own/other objects per seat: ids in the caller's subtree and outside it (undefined: the seat sees everything). */
function objectsFor(nodeId: string, kind: ObjectKind): { own: string; other: string | undefined } {
  const inSubtree: Record<string, { owner: string; other?: string; dealer: string; otherDealer?: string }> = {
    oem: { owner: 'own-1', dealer: 'dlr-a' },
    'nsc-us': { owner: 'own-1', other: 'own-4', dealer: 'dlr-a', otherDealer: 'dlr-c' },
    'dist-us-west': { owner: 'own-1', other: 'own-4', dealer: 'dlr-a', otherDealer: 'dlr-c' },
    'dlr-a': { owner: 'own-1', other: 'own-3', dealer: 'dlr-a', otherDealer: 'dlr-b' },
  };
  const s = inSubtree[nodeId]!;
  if (kind === 'owner') return { own: s.owner, other: s.other };
  if (kind === 'vehicle') return { own: vinOf(s.owner), other: s.other ? vinOf(s.other) : undefined };
  if (kind === 'dealer') return { own: s.dealer, other: s.otherDealer };
  return { own: '', other: undefined };
}

export function authzMatrix(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`authorisation matrix on ${backend}`, () => {
    let app: FastifyInstance;
    let store: Store;
    let cleanup: () => Promise<void>;
    const keyOf = {} as Record<Role, string>;
    let freshCounter = 0;

    beforeAll(async () => {
      const h = await open();
      store = h.store;
      cleanup = h.cleanup;
      await loadFixture(store);
      for (const setup of capabilitySetups) await setup(store);
      const identity = identityStore(store.db);
      for (const role of roles) keyOf[role] = (await identity.createApiKey({ name: `matrix ${role}`, nodeId: seat[role], role })).key;
      app = await createApp({ store, identity, counters: createCounters(), clock: fixedClock('2026-04-01T10:00:00Z'), authenticate: createAuthenticator(identity), logLevel: 'silent', rateLimitPerMinute: false }, capabilityRoutesFor(loadConfig({})));
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    async function freshOwner(dealerId: string): Promise<string> {
      const id = `own-fresh-${++freshCounter}`;
      await store.customers.upsertOwners([{ id, market: 'US', displayName: `Fresh ${freshCounter}`, email: `${id}@example.com`, phone: null, language: 'en', homeDealerId: dealerId }]);
      return id;
    }

    async function call(c: RouteCase, id: string, headers: Record<string, string>, role?: Role) {
      const body = c.body?.({ id, role: role ?? 'dpo' });
      return app.inject({
        method: c.method, url: c.url(id),
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
    }

    it('covers every registered /api route, and every route declares a permission', () => {
      const registered = app.printRoutes({ commonPrefix: false });
      const inMatrix = new Set([...routeCases.map((c) => `${c.method} ${c.route}`), ...publicRoutes]);
      const found: string[] = [];
      // printRoutes lists paths; compare against the route table Fastify exposes through hasRoute.
      for (const key of inMatrix) {
        const [method, url] = key.split(' ') as [RouteCase['method'], string];
        expect(app.hasRoute({ method, url }), `${key} is in the matrix but not registered`).toBe(true);
        found.push(key);
      }
      const apiRoutes = [...registered.matchAll(/(\/api\/v1\/[^\s(]*) \(([^)]+)\)/g)].flatMap((m) => m[2]!.split(', ').filter((x) => x !== 'HEAD' && x !== 'OPTIONS').map((method) => `${method} ${m[1]}`));
      for (const r of apiRoutes) expect(inMatrix.has(r), `${r} is registered but missing from the authorisation matrix`).toBe(true);
    });

    it('answers 401 to every protected route without a credential, and ignores tenant headers (AZ-05)', async () => {
      for (const c of routeCases) {
        const res = await call(c, objectsFor('dlr-a', c.object).own || 'x', { 'x-tenant-id': 'oem', 'x-forwarded-for': '10.0.0.1', 'x-original-url': '/api/v1/overview' });
        expect(res.statusCode, `${c.method} ${c.route}`).toBe(401);
      }
    });

    it('answers 401 to an unknown or malformed API key', async () => {
      for (const bad of ['fck_not-a-real-key', 'garbage', `${keyOf.dpo}x`]) {
        expect((await app.inject({ url: '/api/v1/overview', headers: { authorization: `Bearer ${bad}` } })).statusCode).toBe(401);
      }
    });

    for (const role of roles) {
      it(`${role}: allowed routes work on its own objects, other tenants' objects are 404, the rest is 403`, async () => {
        const headers = { authorization: `Bearer ${keyOf[role]}` };
        const allowed = roleTable[role].permissions;
        for (const c of routeCases) {
          const label = `${role} ${c.method} ${c.route}`;
          const objs = objectsFor(seat[role], c.object);
          const own = c.fresh && c.object === 'owner' ? await freshOwner('dlr-a') : objs.own;
          const res = await call(c, own, headers, role);
          if (!allowed.includes(c.permission)) {
            expect(res.statusCode, `${label} should be forbidden`).toBe(403);
            expect(res.json().code).toBe('FORBIDDEN');
            continue;
          }
          expect(res.statusCode, `${label} own object: ${res.body.slice(0, 200)}`).toBeLessThan(300);
          if (objs.other) {
            const other = c.fresh && c.object === 'owner' ? await freshOwner(c.object === 'owner' && seat[role] === 'dlr-a' ? 'dlr-b' : 'dlr-c') : objs.other;
            const before = c.method !== 'GET' && c.object === 'owner' ? (await store.customers.consentHistory(other)).length : 0;
            const res2 = await call(c, other, headers, role);
            expect(res2.statusCode, `${label} other tenant's object`).toBe(404);
            expect(res2.json()).toEqual({ code: 'NOT_FOUND', message: 'Not found' });
            if (c.method !== 'GET' && c.object === 'owner') expect((await store.customers.consentHistory(other)).length, `${label} must not change the row (AZ-02)`).toBe(before);
            const random = await call(c, c.object === 'vehicle' ? makeVin('1HL', 'VR2B5', 'T', 'A', 999_999) : c.object === 'dealer' ? 'dlr-zzz' : 'own-zzz', headers, role);
            expect(random.statusCode, `${label} random id`).toBe(404);
            expect(random.body, 'another tenant’s object answers exactly like a missing one (AZ-01)').toBe(res2.body);
          }
        }
      });
    }

    it('lists only the caller’s own customers, whatever filter is passed (AZ-03)', async () => {
      const res = await app.inject({ url: '/api/v1/vehicles?dealerId=dlr-b&limit=100', headers: { authorization: `Bearer ${keyOf.dealer_principal}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
      const own = await app.inject({ url: '/api/v1/owners?limit=100', headers: { authorization: `Bearer ${keyOf.dealer_service}` } });
      const ids = own.json().items.map((o: { id: string }) => o.id);
      expect(ids).toContain('own-1');
      expect(ids).not.toContain('own-3');
      expect(ids).not.toContain('own-4');
    });
  });
}
