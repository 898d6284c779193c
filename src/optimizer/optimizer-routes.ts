import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { requestScope } from '../identity';
import { ForecourtError } from '../kernel';
import { CreatePlanRequest, DecisionRequest, DeliverPlanRequest, PlanId, plansStore } from './plans-store';
import { planSpendFromStore, SpendRequest } from './spend-input-store';

/**
 * Optimizer API: plan from stored data (or a given instance), read a stored plan, deliver a plan
 * through delivery's gated enqueue, and regional spend planning with what-if scenarios.
 */
const ErrorBody = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
const errors = { 400: ErrorBody, 404: ErrorBody };
/** Plans and comparisons are large nested documents typed by their TypeScript interfaces (plans-store.ts, spend-input-store.ts). */
const Document = z.record(z.string(), z.unknown());
const ok = { 200: Document, ...errors };

export function registerOptimizerRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.store.db;

  r.post('/api/v1/plans', {
    config: { permission: 'plan.run' },
    schema: {
      tags: ['optimizer'], summary: 'Plan offers for a market from stored data (or for a given instance), scale or exact mode; returns the plan with constraints, shadow prices and explained decisions',
      body: CreatePlanRequest, response: ok,
    },
  }, async (req) => ({ ...(await plansStore(db).create(requestScope(req), req.body, deps.clock())) }));

  r.get('/api/v1/plans/:id', {
    config: { permission: 'plan.run' },
    schema: { tags: ['optimizer'], summary: 'A stored plan (another tenant’s plan is 404)', params: z.strictObject({ id: PlanId }), response: ok },
  }, async (req) => {
    const plan = await plansStore(db).get(requestScope(req), req.params.id);
    if (!plan) throw new ForecourtError('NOT_FOUND');
    return { ...plan };
  });

  r.post('/api/v1/plans/:id/deliver', {
    config: { permission: 'delivery.send' },
    schema: {
      tags: ['optimizer'], summary: 'Feed every decision of a plan through the compliance gate into the outbox; per decision queued, duplicate, blocked (review item) or skipped; idempotent',
      params: z.strictObject({ id: PlanId }), body: DeliverPlanRequest.optional(), response: ok,
    },
  }, async (req) => ({ ...(await plansStore(db).deliver(requestScope(req), req.params.id, req.body ?? {}, deps.clock())) }));

  r.post('/api/v1/decisions', {
    config: { permission: 'plan.run' },
    schema: {
      tags: ['optimizer'], summary: 'Decide for one customer: eligible offers valued as the optimizer does, the channel by the contextual bandit with its propensity, the campaign holdout; logged with the model versions (another tenant\'s customer: 404)',
      body: DecisionRequest, response: ok,
    },
  }, async (req) => ({ ...(await plansStore(db).decide(requestScope(req), req.body, deps.clock())) }));

  r.post('/api/v1/spend-plans', {
    config: { permission: 'plan.run' },
    schema: {
      tags: ['optimizer'], summary: 'Regional spend planning with what-if scenarios (budget±X %, dealer closed, stock shortage), compared side by side',
      body: SpendRequest, response: ok,
    },
  }, async (req) => ({ ...(await planSpendFromStore(db, requestScope(req), req.body, deps.clock())) }));
}
