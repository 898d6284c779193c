import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createCounters, type Authenticator } from '../app';
import type { Principal, Role } from '../identity';
import { fixedClock } from '../kernel';
import { openStore, type Store } from '../store';
import { registerOptimizerRoutes } from './optimizer-routes';
import { loadPlanFixture } from './plan-fixture';

const seats: Record<string, { nodeId: string; nodePath: string; role: Role }> = {
  nsc: { nodeId: 'nsc-us', nodePath: '/oem/nsc-us/', role: 'nsc_marketing' },
  dealerA: { nodeId: 'dlr-a', nodePath: '/oem/nsc-us/dist-us-west/dlr-a/', role: 'dealer_principal' },
  nscDe: { nodeId: 'nsc-de', nodePath: '/oem/nsc-de/', role: 'nsc_marketing' },
};

describe('optimizer routes', () => {
  let store: Store;
  let app: FastifyInstance;
  let as: keyof typeof seats = 'nsc';
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await loadPlanFixture(store, 20);
    const authenticate: Authenticator = async () => ({ actorId: `key-${as}`, kind: 'api_key', ...seats[as]! }) satisfies Principal;
    app = await createApp({ store, counters: createCounters(), clock: fixedClock('2026-04-01T10:00:00Z'), authenticate, logLevel: 'silent', rateLimitPerMinute: false }, [registerOptimizerRoutes]);
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });
  const call = (seat: keyof typeof seats, method: 'GET' | 'POST', url: string, body?: unknown) => {
    as = seat;
    return app.inject({ method, url, ...(body !== undefined ? { payload: body as object } : {}) });
  };

  it('plans from stored data, stores the plan, and delivers it through the gate idempotently', async () => {
    const res = await call('nsc', 'POST', '/api/v1/plans', { market: 'US', mode: 'exact' });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json();
    expect(plan.id).toMatch(/^pln-/);
    expect(plan.plan.constraints.find((c: { id: string }) => c.id === 'budget:fund-spring')).toMatchObject({ binding: true });
    expect(plan.plan.decisions.length).toBeGreaterThan(0);
    expect(plan.plan.decisions[0].reasons.length).toBeGreaterThan(0);
    const read = await call('nsc', 'GET', `/api/v1/plans/${plan.id}`);
    expect(read.json().plan.value).toBe(plan.plan.value);
    expect((await call('nscDe', 'GET', `/api/v1/plans/${plan.id}`)).statusCode).toBe(404);

    const first = await call('nsc', 'POST', `/api/v1/plans/${plan.id}/deliver`, {});
    expect(first.statusCode, first.body).toBe(200);
    const statuses = first.json().decisions.map((d: { status: string }) => d.status);
    expect(statuses).toContain('queued');
    expect(statuses).toContain('blocked');
    const again = (await call('nsc', 'POST', `/api/v1/plans/${plan.id}/deliver`, {})).json();
    expect(again.decisions.filter((d: { status: string }) => d.status === 'queued')).toHaveLength(0);
    expect((await call('nscDe', 'POST', `/api/v1/plans/${plan.id}/deliver`, {})).statusCode).toBe(404);
  }, 120_000);

  it('plans a given instance, and refuses a body with both or neither', async () => {
    const instance = {
      constraints: [{ id: 'b', kind: 'budget', label: 'budget', capacity: 1 }],
      options: [{ id: 'o', offer: 'off-x', channel: 'email', dealer: 'd', uses: [{ constraint: 'b', amount: 1 }] }],
      customers: [{ id: 'c1', candidates: [{ option: 'o', value: 5 }] }, { id: 'c2', candidates: [{ option: 'o', value: 3 }] }],
    };
    const res = await call('nsc', 'POST', '/api/v1/plans', { instance, mode: 'exact' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().plan.value).toBeCloseTo(5);
    expect(res.json().assignments).toEqual([expect.objectContaining({ customer: 'c1', offer: 'off-x' })]);
    expect((await call('nsc', 'POST', '/api/v1/plans', { instance, market: 'US' })).statusCode).toBe(400);
    expect((await call('nsc', 'POST', '/api/v1/plans', {})).statusCode).toBe(400);
  });

  it('compares what-if scenarios for regional spend', async () => {
    const res = await call('nsc', 'POST', '/api/v1/spend-plans', { market: 'US', budget: 5000, whatIf: ['budget+10', 'budget-10', 'close:dlr-a'], days: 1, capacityShare: 0.05 });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.scenarios.map((s: { name: string }) => s.name)).toEqual(['base', 'budget+10', 'budget-10', 'close:dlr-a']);
    expect(body.plot.series).toHaveLength(4);
    const [base, up, down, closed] = body.scenarios;
    expect(up.plan.totalValue).toBeGreaterThanOrEqual(base.plan.totalValue);
    expect(down.plan.totalValue).toBeLessThanOrEqual(base.plan.totalValue);
    expect(closed.plan.totalValue).toBeLessThan(base.plan.totalValue);
    expect((await call('nsc', 'POST', '/api/v1/spend-plans', { market: 'US', budget: 5000, whatIf: ['close:dlr-zzz'] })).statusCode).toBe(400);
  });
});
