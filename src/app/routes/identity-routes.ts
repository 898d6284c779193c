import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NodeId, OwnerId } from '../../domain';
import { createLoginThrottle, findLeftovers, pseudonym, Role, roleTable, subjectRights, verifyAuditChain } from '../../identity';
import { ForecourtError } from '../../kernel';
import { errorResponses } from '../api-schemas';
import { requestScope, sessionCookie } from '../auth';
import { subjectDataHooks } from '../capabilities';
import type { AppDeps } from '../deps';

const PrincipalResponse = z.object({ actorId: z.string(), kind: z.enum(['user', 'api_key', 'sso']), nodeId: z.string(), role: Role, permissions: z.array(z.string()) });
const Email = z.string().trim().min(3).max(254).regex(/^[^\s@]{1,64}@[^\s@]{1,190}$/, 'an e-mail address');

export function registerIdentityRoutes(app: FastifyInstance, deps: AppDeps): void {
  const identity = deps.identity;
  if (!identity) return;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const throttle = createLoginThrottle({ max: 5, windowMs: 15 * 60_000 });
  const rights = subjectRights(deps.store.db, subjectDataHooks);

  r.post('/api/v1/auth/login', {
    config: { permission: 'public' },
    schema: {
      tags: ['identity'], summary: 'Dashboard login: sets an HttpOnly session cookie',
      body: z.strictObject({ email: Email, password: z.string().min(1).max(200), nodeId: NodeId.optional() }),
      response: { 200: PrincipalResponse, 401: errorResponses[400], 429: errorResponses[400] },
    },
  }, async (req, reply) => {
    const now = deps.clock();
    const key = req.body.email.normalize('NFKC').toLowerCase();
    if (throttle.blocked(key, now)) throw new ForecourtError('RATE_LIMITED', 'too many failed logins for this account; try again later');
    const session = await identity.login(req.body.email, req.body.password, now, req.body.nodeId);
    if (!session) {
      throttle.fail(key, now);
      throw new ForecourtError('UNAUTHENTICATED', 'e-mail or password is wrong');
    }
    throttle.succeed(key);
    await identity.audit({ at: now, actor: session.principal.actorId, action: 'auth.login', target: session.principal.nodeId });
    void reply.setCookie(sessionCookie, session.token, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.protocol === 'https', maxAge: 8 * 3600 });
    const p = session.principal;
    return { actorId: p.actorId, kind: p.kind, nodeId: p.nodeId, role: p.role, permissions: [...roleTable[p.role].permissions] };
  });

  r.post('/api/v1/auth/logout', {
    config: { permission: 'self' },
    schema: { tags: ['identity'], summary: 'End the dashboard session', response: { 204: z.null() } },
  }, async (req, reply) => {
    const token = req.cookies[sessionCookie];
    if (token) await identity.logout(token);
    void reply.clearCookie(sessionCookie, { path: '/' });
    return reply.status(204).send(null);
  });

  r.get('/api/v1/auth/me', {
    config: { permission: 'self' },
    schema: { tags: ['identity'], summary: 'Who am I: node, role and permissions', response: { 200: PrincipalResponse } },
  }, async (req) => {
    const p = req.principal!;
    return { actorId: p.actorId, kind: p.kind, nodeId: p.nodeId, role: p.role, permissions: [...roleTable[p.role].permissions] };
  });

  r.post('/api/v1/users', {
    config: { permission: 'users.manage' },
    schema: {
      tags: ['identity'], summary: 'Create a user with memberships (role per tenant node)',
      body: z.strictObject({ email: Email, displayName: z.string().trim().min(1).max(200), password: z.string().min(12).max(200), memberships: z.array(z.strictObject({ nodeId: NodeId, role: Role })).min(1).max(20) }),
      response: { 201: z.object({ id: z.string() }), ...errorResponses, 409: errorResponses[400] },
    },
  }, async (req, reply) => {
    const scope = requestScope(req);
    for (const m of req.body.memberships) {
      if (!(await deps.store.network.getNode(scope, m.nodeId))) throw new ForecourtError('NOT_FOUND');
    }
    const user = await identity.createUser(req.body);
    await identity.audit({ at: deps.clock(), actor: req.principal!.actorId, action: 'user.create', target: user.id, details: { memberships: req.body.memberships } });
    return reply.status(201).send(user);
  });

  r.post('/api/v1/users/:id/deactivate', {
    config: { permission: 'users.manage' },
    schema: { tags: ['identity'], summary: 'Deactivate a user; their sessions stop working at once', params: z.strictObject({ id: z.string().max(80) }), response: { 204: z.null() } },
  }, async (req, reply) => {
    await identity.deactivateUser(req.params.id);
    await identity.audit({ at: deps.clock(), actor: req.principal!.actorId, action: 'user.deactivate', target: req.params.id });
    return reply.status(204).send(null);
  });

  r.post('/api/v1/api-keys', {
    config: { permission: 'users.manage' },
    schema: {
      tags: ['identity'], summary: 'Create an API key for a service acting at a node with a role; the key is shown once',
      body: z.strictObject({ name: z.string().trim().min(1).max(100), nodeId: NodeId, role: Role }),
      response: { 201: z.object({ id: z.string(), key: z.string() }), ...errorResponses },
    },
  }, async (req, reply) => {
    if (!(await deps.store.network.getNode(requestScope(req), req.body.nodeId))) throw new ForecourtError('NOT_FOUND');
    const key = await identity.createApiKey(req.body);
    await identity.audit({ at: deps.clock(), actor: req.principal!.actorId, action: 'api_key.create', target: key.id, details: { nodeId: req.body.nodeId, role: req.body.role } });
    return reply.status(201).send(key);
  });

  r.get('/api/v1/audit', {
    config: { permission: 'audit.read' },
    schema: {
      tags: ['identity'], summary: 'The append-only audit log and whether its hash chain is intact',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      response: { 200: z.object({ chainIntact: z.boolean(), entries: z.array(z.object({ seq: z.number(), at: z.string(), actor: z.string(), action: z.string(), target: z.string(), details: z.record(z.string(), z.unknown()), prevHash: z.string(), hash: z.string() })) }) },
    },
  }, async (req) => {
    const all = await identity.auditEntries({ limit: 1_000_000 });
    return { chainIntact: verifyAuditChain(all).ok, entries: all.slice(-req.query.limit) };
  });

  r.get('/api/v1/subjects/:ownerId/export', {
    config: { permission: 'subject.export' },
    schema: { tags: ['privacy'], summary: 'Access request: everything held on a person', params: z.strictObject({ ownerId: OwnerId }), response: { 200: z.record(z.string(), z.unknown()), ...errorResponses } },
  }, async (req) => {
    if (!(await deps.store.customers.getOwner(requestScope(req), req.params.ownerId))) throw new ForecourtError('NOT_FOUND');
    const data = await rights.export(req.params.ownerId);
    if (!data) throw new ForecourtError('NOT_FOUND');
    await identity.audit({ at: deps.clock(), actor: req.principal!.actorId, action: 'subject.export', target: `subject:${await pseudonym(deps.store.db, 'subject', req.params.ownerId)}` });
    return data;
  });

  r.post('/api/v1/subjects/:ownerId/erase', {
    config: { permission: 'subject.erase' },
    schema: {
      tags: ['privacy'], summary: 'Erasure request: removes the person everywhere; the audit log keeps only a keyed pseudonym',
      params: z.strictObject({ ownerId: OwnerId }),
      response: { 200: z.object({ erased: z.literal(true), pseudonym: z.string(), leftovers: z.number() }), ...errorResponses },
    },
  }, async (req) => {
    const owner = await deps.store.customers.getOwner(requestScope(req), req.params.ownerId);
    if (!owner) throw new ForecourtError('NOT_FOUND');
    const result = await rights.erase(owner.id);
    if (!result.erased) throw new ForecourtError('NOT_FOUND');
    const leftovers = await findLeftovers(deps.store.db, [owner.id, ...[owner.email, owner.phone].filter((x): x is string => !!x)]);
    await identity.audit({ at: deps.clock(), actor: req.principal!.actorId, action: 'subject.erase', target: `subject:${result.pseudonym}`, details: { leftovers: leftovers.length } });
    return { erased: true as const, pseudonym: result.pseudonym, leftovers: leftovers.length };
  });
}
