import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { scopeOf } from '../identity';
import { ForecourtError } from '../kernel';
import { checkMessage } from './check-message';
import { ComplianceInput, RegressionCase, Verdict } from './compliance-input';
import { ReviewAction } from './review';
import { reviewStore } from './review-store';
import { defaultRules } from './rules';

const ErrorBody = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const ReviewId = z.strictObject({ id: z.string().regex(/^rev-[0-9a-f-]{36}$/) });
const ReviewResponse = z.object({
  id: z.string(),
  status: z.enum(['pending', 'resolved', 'approved_override', 'rejected']),
  ownerNodeId: z.string(),
  input: z.unknown(),
  originalText: z.string(),
  verdict: Verdict,
  justification: z.string().nullable(),
  audit: z.array(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  updatedAt: z.string(),
});

function principalScope(req: FastifyRequest) {
  if (!req.principal) throw new ForecourtError('UNAUTHENTICATED');
  return scopeOf(req.principal);
}

/** The compliance guardrail over HTTP: check, review queue, reviewer actions, regression cases. */
export function registerComplianceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const reviews = reviewStore(deps.store.db);
  const view = (s: Awaited<ReturnType<typeof reviews.open>>) => ({ ...s.item, ownerNodeId: s.ownerNodeId, createdAt: s.createdAt, updatedAt: s.updatedAt, audit: s.item.audit as unknown as Record<string, unknown>[] });

  r.get('/api/v1/compliance/rules', {
    config: { permission: 'compliance.check' },
    schema: { tags: ['compliance'], summary: 'The rules in force (RULES.md), with markets, channels and severity', response: { 200: z.object({ items: z.array(z.object({ id: z.string(), family: z.string(), severity: z.string(), markets: z.array(z.string()), description: z.string() })) }) } },
  }, async () => ({ items: defaultRules.map((rule) => ({ id: rule.id, family: rule.family, severity: rule.severity, markets: [...rule.markets], description: rule.description })) }));

  r.post('/api/v1/compliance/check', {
    config: { permission: 'compliance.check' },
    schema: {
      tags: ['compliance'], summary: 'Check messages against the rules of their market and the vehicle’s certified capabilities (RULES.md §1)',
      body: z.strictObject({ messages: z.array(z.unknown()).min(1).max(500), openReviews: z.boolean().default(false) }),
      response: { 200: z.object({ results: z.array(z.union([Verdict.extend({ reviewId: z.string().optional() }), z.object({ index: z.number(), error: ErrorBody })])) }), ...errors },
    },
  }, async (req) => {
    const results = [];
    for (const [index, raw] of req.body.messages.entries()) {
      const parsed = ComplianceInput.safeParse(raw);
      if (!parsed.success) {
        results.push({ index, error: { code: 'VALIDATION_FAILED', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
        continue;
      }
      const verdict = checkMessage(parsed.data);
      deps.counters.inc('compliance.checked');
      if (!verdict.compliant) deps.counters.inc('compliance.blocked');
      if (!verdict.compliant && req.body.openReviews) {
        const opened = await reviews.open(parsed.data, req.principal!.nodeId, req.principal!.actorId, deps.clock());
        results.push({ ...verdict, reviewId: opened.item.id });
      } else {
        results.push(verdict);
      }
    }
    return { results };
  });

  r.get('/api/v1/compliance/reviews', {
    config: { permission: 'compliance.review' },
    schema: {
      tags: ['compliance'], summary: 'The review queue visible to the caller',
      querystring: z.strictObject({ status: z.enum(['pending', 'resolved', 'approved_override', 'rejected']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ items: z.array(ReviewResponse) }), ...errors },
    },
  }, async (req) => ({ items: (await reviews.list(principalScope(req), { limit: req.query.limit, ...(req.query.status ? { status: req.query.status } : {}) })).map(view) }));

  r.get('/api/v1/compliance/reviews/:id', {
    config: { permission: 'compliance.review' },
    schema: { tags: ['compliance'], summary: 'One review item with its verdict and audit trail', params: ReviewId, response: { 200: ReviewResponse, ...errors } },
  }, async (req) => {
    const s = await reviews.get(principalScope(req), req.params.id);
    if (!s) throw new ForecourtError('NOT_FOUND');
    return view(s);
  });

  r.post('/api/v1/compliance/reviews/:id/actions', {
    config: { permission: 'compliance.review' },
    schema: {
      tags: ['compliance'], summary: 'Reviewer action: apply_fix, edit (re-checked), approve_with_justification, reject',
      params: ReviewId, body: ReviewAction, response: { 200: ReviewResponse, ...errors },
    },
  }, async (req) => {
    const now = deps.clock();
    const s = await reviews.act(principalScope(req), req.params.id, req.body, req.principal!.actorId, now);
    if (req.body.type === 'approve_with_justification' || req.body.type === 'reject') {
      await deps.identity?.audit({ at: now, actor: req.principal!.actorId, action: `compliance.${req.body.type}`, target: req.params.id, details: { violations: s.item.verdict.violations.map((v) => v.ruleId) } });
    }
    return view(s);
  });

  r.post('/api/v1/compliance/reviews/:id/regression-case', {
    config: { permission: 'compliance.review' },
    schema: {
      tags: ['compliance'], summary: 'Save the reviewer’s finding as a regression case (examples.jsonl format)',
      params: ReviewId, body: z.strictObject({ expectedViolations: z.array(z.string().regex(/^[A-Z]+(-[A-Z]+)*-\d{3}$/)).max(30) }),
      response: { 201: RegressionCase, ...errors },
    },
  }, async (req, reply) => reply.status(201).send(await reviews.saveRegressionCase(principalScope(req), req.params.id, req.body.expectedViolations, req.principal!.actorId, deps.clock())));

  r.get('/api/v1/compliance/regression-cases', {
    config: { permission: 'compliance.review' },
    schema: { tags: ['compliance'], summary: 'Reviewer-made regression cases, replayed by the checker tests', response: { 200: z.object({ items: z.array(RegressionCase) }) } },
  }, async (req) => ({ items: await reviews.regressionCases(principalScope(req)) }));
}
