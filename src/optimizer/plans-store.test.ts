import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoMarket } from '../app';
import { dropPostgresSchema, globalScope, openStore, type Store } from '../store';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { buildPlanInstance } from './plan-builder-store';
import { loadPlanFixture, PLAN_NOW } from './plan-fixture';
import { optimizerSubjectData, plansStore } from './plans-store';
import { findLeftovers, subjectRights } from '../identity';

const nscUs = { kind: 'node' as const, nodeId: 'nsc-us', path: '/oem/nsc-us/' };

function suite(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`plans from stored data to gated delivery on ${backend}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await open());
      await loadPlanFixture(store);
    }, 120_000);
    afterAll(async () => { await cleanup?.(); });

    it('builds candidates only on consented channels, for owners in scope, with holdouts', async () => {
      const { instance, stats } = await buildPlanInstance(store.db, nscUs, { market: 'US', holdoutShare: 0.1 }, PLAN_NOW);
      expect(stats.owners).toBe(43);
      expect(instance.customers.some((c) => c.id === 'own-4')).toBe(false);
      expect(instance.customers.filter((c) => c.holdout).every((c) => c.candidates.length === 0)).toBe(true);
      expect(stats.heldOut).toBeGreaterThan(0);
      const channelsOf = new Set(instance.options.map((o) => o.channel));
      expect(channelsOf.has('sms')).toBe(true);
      // own-p1 has no phone: no SMS candidate; the constraint rows include the fund and the dealer hours.
      const p1 = instance.customers.find((c) => c.id === 'own-p1')!;
      expect(p1.candidates.some((c) => c.option.includes('|sms|'))).toBe(false);
      expect(instance.constraints.map((c) => c.id)).toEqual(expect.arrayContaining(['budget:fund-spring', 'capacity:dlr-a:general', 'capacity:dlr-b:general', 'contacts:email']));
      const values = new Set(instance.customers.flatMap((c) => c.candidates.map((x) => x.value)));
      expect(values.size).toBeGreaterThan(3);
    });

    it('a planned owner’s plan entries are exported, and erased from every plan (data-subject rights)', async () => {
      const stored = await plansStore(store.db).create(nscUs, { market: 'US', mode: 'scale' }, PLAN_NOW);
      const who = stored.assignments[0]!.customer;
      const exported = await optimizerSubjectData.export(store.db, { ownerId: who, vins: [] }) as { plans: { planId: string; assignment: { customer: string } | null }[] };
      expect(exported.plans.find((p) => p.planId === stored.id)?.assignment?.customer).toBe(who);
      const before = stored.assignments.length;
      await subjectRights(store.db, [optimizerSubjectData]).erase(who);
      expect((await findLeftovers(store.db, [who])).filter((l) => l.table === 'optimizer_plans')).toEqual([]);
      const after = await plansStore(store.db).get(nscUs, stored.id);
      expect(after?.assignments.length).toBe(before - 1);
      expect(after?.plan.decisions.some((d) => d.customer === who)).toBe(false);
    });

    it('restricts the plan to the given owners and offers (a release campaign plans its own targets only)', async () => {
      const { instance: all } = await buildPlanInstance(store.db, nscUs, { market: 'US', holdoutShare: 0 }, PLAN_NOW);
      const someOwners = all.customers.filter((c) => c.candidates.length > 0).slice(0, 3).map((c) => c.id);
      const offerIds = [...new Set(all.options.map((o) => o.offer))];
      expect(offerIds.length).toBeGreaterThan(1);
      const { instance, stats } = await buildPlanInstance(store.db, nscUs, { market: 'US', holdoutShare: 0, ownerIds: someOwners, offerIds: [offerIds[0]!] }, PLAN_NOW);
      expect(instance.customers.map((c) => c.id).sort()).toEqual([...someOwners].sort());
      expect(stats.owners).toBe(3);
      expect(new Set(instance.options.map((o) => o.offer))).toEqual(new Set([offerIds[0]]));
    });

    it('a plan never exceeds a dealer’s capacity or a fund’s budget, in both modes', async () => {
      for (const mode of ['scale', 'exact'] as const) {
        const stored = await plansStore(store.db).create(nscUs, { market: 'US', mode }, PLAN_NOW);
        expect(stored.assignments.length).toBeGreaterThan(0);
        const rows = stored.plan.constraints;
        const budget = rows.find((r) => r.id === 'budget:fund-spring')!;
        expect(budget.used).toBeLessThanOrEqual(budget.capacity + 1e-9);
        expect(budget.binding).toBe(true);
        for (const r of rows) expect(r.used, `${mode} ${r.id}`).toBeLessThanOrEqual(r.capacity + 1e-9);
        // Recount from the assignments: hours per dealer and spend per fund.
        const hours = new Map<string, number>();
        let spend = 0;
        for (const a of stored.assignments) {
          if (a.offer === 'off-plan-brakes' || a.offer === 'off-brakes') hours.set(a.dealer, (hours.get(a.dealer) ?? 0) + 1.5);
          if (a.offer === 'off-plan-brakes') spend += 40;
        }
        expect(spend).toBeLessThanOrEqual(600);
        expect(hours.get('dlr-a') ?? 0).toBeLessThanOrEqual(6 * 8 * 5 * 0.2);
        expect(hours.get('dlr-b') ?? 0).toBeLessThanOrEqual(3 * 8 * 5 * 0.2);
        expect(new Set(stored.assignments.map((a) => a.customer)).size).toBe(stored.assignments.length);
        expect((await plansStore(store.db).get(nscUs, stored.id))?.assignments).toEqual(stored.assignments);
        expect(await plansStore(store.db).get({ kind: 'node', nodeId: 'dlr-a', path: '/oem/nsc-us/dist-us-west/dlr-a/' }, stored.id)).toBeUndefined();
      }
    }, 120_000);

    it('delivers through the gate: non-compliant copy is blocked into review and never enqueued; delivering twice enqueues nothing new', async () => {
      const stored = await plansStore(store.db).create(nscUs, { market: 'US', mode: 'exact' }, PLAN_NOW);
      const apr = stored.assignments.filter((a) => a.offer === 'off-plan-apr');
      expect(apr.length).toBeGreaterThan(0);
      const dry = await plansStore(store.db).deliver(nscUs, stored.id, { dryRun: true }, PLAN_NOW);
      expect((await store.db.query('SELECT 1 FROM delivery_outbox')).rows).toHaveLength(0);
      expect(dry.decisions.some((d) => d.status === 'would_queue')).toBe(true);

      const first = await plansStore(store.db).deliver(nscUs, stored.id, {}, PLAN_NOW);
      expect(first.decisions).toHaveLength(stored.assignments.length);
      const blocked = first.decisions.filter((d) => d.offer === 'off-plan-apr');
      expect(blocked.every((d) => d.status === 'blocked' && d.reviewId !== undefined)).toBe(true);
      const queued = first.decisions.filter((d) => d.status === 'queued');
      expect(queued.length).toBeGreaterThan(0);
      const outbox = await store.db.query<{ offer_id: string; owner_id: string }>('SELECT offer_id, owner_id FROM delivery_outbox');
      expect(outbox.rows).toHaveLength(queued.length);
      expect(outbox.rows.some((r) => r.offer_id === 'off-plan-apr')).toBe(false);
      const reviews = await store.db.query<{ offer_id: string }>('SELECT offer_id FROM delivery_review_items');
      expect(reviews.rows.filter((r) => r.offer_id === 'off-plan-apr').length).toBe(blocked.length);

      const second = await plansStore(store.db).deliver(nscUs, stored.id, {}, PLAN_NOW);
      expect(second.decisions.filter((d) => d.status === 'queued')).toHaveLength(0);
      expect(second.decisions.filter((d) => d.status === 'duplicate')).toHaveLength(queued.length);
      expect((await store.db.query('SELECT 1 FROM delivery_outbox')).rows).toHaveLength(queued.length);
      await expect(plansStore(store.db).deliver({ kind: 'node', nodeId: 'dlr-b', path: '/oem/nsc-us/dist-us-west/dlr-b/' }, stored.id, {}, PLAN_NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }, 120_000);
  });
}

suite('PGlite', async () => {
  const store = await openStore({ dataDir: 'memory' });
  return { store, cleanup: () => store.close() };
});

suite('PostgreSQL', async () => {
  const schema = uniqueSchema('fc_plan');
  const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
  return { store, cleanup: async () => { await store.close(); await dropPostgresSchema(testDatabaseUrl, schema); } };
});


describe('plans from the seeded demo market', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await seedDemoMarket(store, { vehicles: 300, seed: 5 });
  }, 120_000);
  afterAll(async () => { await store?.close(); });

  it('never exceeds a dealer’s capacity or a fund’s budget in any market', async () => {
    const markets = (await store.network.listMarkets()).map((m) => m.code);
    let assigned = 0;
    let capacityRows = 0;
    for (const market of markets) {
      const stored = await plansStore(store.db).create(globalScope, { market, mode: 'scale' }, new Date());
      assigned += stored.assignments.length;
      capacityRows += stored.plan.constraints.filter((r) => r.kind === 'dealer_capacity').length;
      for (const row of stored.plan.constraints) expect(row.used, `${market} ${row.id}`).toBeLessThanOrEqual(row.capacity + 1e-9);
      expect(stored.plan.constraints.filter((r) => r.kind === 'budget').length, market).toBeLessThanOrEqual(1);
      expect(stored.plan.holdouts.every((h) => h.ok)).toBe(true);
    }
    expect(assigned).toBeGreaterThan(0);
    expect(capacityRows).toBeGreaterThan(0);
  }, 240_000);
});
