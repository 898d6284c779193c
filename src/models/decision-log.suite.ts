import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Owner, Vehicle } from '../domain';
import { makeVin } from '../kernel';
import { catalogStore, parseCatalogOffer } from '../offers';
import { plansStore } from '../optimizer';
import { globalScope, type Store, type TenantScope } from '../store';
import { fixture, loadFixture } from '../testing';
import { collectLogs, recordDecisionExposure } from './collect-logs-store';
import { needScoresModel } from './builtin-models';
import { buildMeasurementReport } from './logs-report';
import { modelsStore, modelsSubjectDataHook } from './models-store';
import { releaseDealerReport } from './report-release';

const NOW = new Date('2026-04-01T10:00:00Z');
const nscUs: TenantScope = { kind: 'node', nodeId: 'nsc-us', path: '/oem/nsc-us/' };
const nscDe: TenantScope = { kind: 'node', nodeId: 'nsc-de', path: '/oem/nsc-de/' };
const dlrA: TenantScope = { kind: 'node', nodeId: 'dlr-a', path: '/oem/nsc-us/dist-us-west/dlr-a/' };
const dlrB: TenantScope = { kind: 'node', nodeId: 'dlr-b', path: '/oem/nsc-us/dist-us-west/dlr-b/' };

/** 30 US owners with vehicles (even: dlr-a, odd: dlr-b), contact consent for all, telematics consent for every third; brake-wear features for all. */
const planned = Array.from({ length: 30 }, (_, k) => ({ id: `own-d${k + 1}`, dealer: k % 2 === 0 ? 'dlr-a' : 'dlr-b', telematics: k % 3 === 0 }));
/** 200 owners without vehicles who were in a randomised campaign (even: dlr-a, odd: dlr-b). */
const measured = Array.from({ length: 200 }, (_, k) => ({ id: `own-m${k + 1}`, dealer: k % 2 === 0 ? 'dlr-a' : 'dlr-b', arm: ['none', 'service-0', 'service-10'][k % 3]! }));

async function loadDecisionFixture(store: Store): Promise<void> {
  await loadFixture(store);
  const owners: Owner[] = [...planned, ...measured].map((o) => ({ id: o.id, market: 'US', displayName: o.id, email: `${o.id}@example.com`, phone: null, language: 'en', homeDealerId: o.dealer }));
  const vehicles: Vehicle[] = planned.map((o, k) => ({ ...fixture.vehicles[0]!, vin: makeVin('1HL', 'VR2B5', 'T', 'A', 7000 + k), ownerId: o.id, homeDealerId: o.dealer, odometerKm: 30_000 }));
  await store.customers.upsertOwners(owners);
  await store.customers.upsertVehicles(vehicles);
  const at = '2026-03-01T00:00:00.000Z';
  await store.customers.recordConsents(planned.flatMap((o) => [
    { ownerId: o.id, purpose: 'marketing_contact' as const, channel: 'any' as const, granted: true, actor: o.id, source: 'app' as const, at },
    ...(o.telematics ? [{ ownerId: o.id, purpose: 'telematics_marketing' as const, channel: 'any' as const, granted: true, actor: o.id, source: 'app' as const, at }] : []),
  ]));
  // Stored feature snapshots for every vehicle: the need-score model may read them only with telematics consent.
  for (const v of vehicles) {
    await store.db.query('INSERT INTO vehicle_features (vin, features, state, updated_at) VALUES ($1, $2::jsonb, NULL, $3)',
      [v.vin, JSON.stringify({ tyrePressureCondition: 0.3, brakeWear: 0.9, kmSinceService: 18_000 }), at]);
  }
  await catalogStore(store.db).put(globalScope, parseCatalogOffer({
    id: 'off-dl-brakes', programId: 'prg-spring', ownerNodeId: 'nsc-us', markets: ['US'], kind: 'service_package', name: 'Brake pad service',
    validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z', terms: { serviceCode: 'BRK-PADS', priceMinor: 15_900, listPriceMinor: 19_900 },
    requires: [], requiresStock: [], fundId: null, costMinor: 2_000,
    content: [{ channel: 'email', language: 'en', headline: 'Brake service', body: 'Book at your dealer.' }],
  }));
  const models = modelsStore(store.db);
  await models.addExposures(measured.map((o) => ({
    exposureId: `x-${o.id}`, campaignId: 'cmp-scope', ownerId: o.id, arm: o.arm, channel: o.arm === 'none' ? null : 'email', exposedAt: at,
    propensity: 1 / 3, holdout: o.arm === 'none', features: { vehicleAgeYears: 2 },
  })));
  await models.addOutcomes(measured.map((o, k) => ({ exposureId: `x-${o.id}`, observedAt: '2026-03-31T00:00:00.000Z', converted: k % 4 === 0, grossProfit: 40, active: true, repurchased: false })));
}

/** The decision log on both backends: plans and single decisions write it, with the model versions that decided. */
export function decisionLogContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`decision log and scoped measurement (${name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await open());
      await loadDecisionFixture(store);
    }, 120_000);
    afterAll(async () => cleanup?.());

    it('a plan logs exactly one decision per planned customer, with the versions that valued it and its consent', async () => {
      const plan = await plansStore(store.db).create(nscUs, { market: 'US', mode: 'exact', build: { holdoutShare: 0.1 } }, NOW);
      const rows = await modelsStore(store.db).decisionsInScope(globalScope, { planId: plan.id, limit: 1000 });
      const plannedIds = [...planned.map((o) => o.id), 'own-1', 'own-2', 'own-3'];
      expect(plan.build?.owners).toBe(plannedIds.length);
      expect(rows.map((r) => r.ownerId).sort()).toEqual([...plannedIds].sort());
      const assigned = new Map(plan.assignments.map((a) => [a.customer, a]));
      expect(assigned.size).toBeGreaterThan(10);
      for (const r of rows) {
        const a = assigned.get(r.ownerId);
        expect(r.action).toBe(a ? `${a.offer}|${a.channel}|${a.dealer}` : 'none');
        expect(r.propensity).toBe(1);
        expect(r.planId).toBe(plan.id);
        expect(r.modelVersions).toContain('candidate-value@1');
        if (r.holdout) expect(r.action).toBe('none');
      }
      expect(rows.some((r) => r.holdout)).toBe(true);
      // Vehicle data (need-scores) only for owners with telematics-marketing consent; the others get the prior.
      for (const o of planned) {
        const r = rows.find((x) => x.ownerId === o.id)!;
        if (r.holdout) continue;
        expect(r.modelVersions.includes('need-scores@1'), o.id).toBe(o.telematics);
        if (r.action !== 'none' && !o.telematics) expect(r.scores.need, o.id).toBe(0.3);
        if (o.telematics && r.action !== 'none') expect(r.scores.need).toBeGreaterThan(0.9);
        if (!o.telematics) expect(r.reasons).toContain('need-scores@1 not used: no telematics_marketing consent');
      }
      // Idempotent: logging the same plan's rows again adds nothing.
      expect(await modelsStore(store.db).logDecisions(rows)).toBe(0);
      expect((await modelsStore(store.db).decisionsInScope(globalScope, { planId: plan.id, limit: 1000 })).length).toBe(rows.length);
      // Registered on first use, live.
      const live = (await modelsStore(store.db).liveVersions()).map((v) => v.id);
      expect(live).toEqual(expect.arrayContaining(['candidate-value@1', 'need-scores@1']));
    }, 120_000);

    it('promoting a new model version changes the version recorded for later decisions', async () => {
      const models = modelsStore(store.db);
      const v2 = await models.registerVersion({ ...needScoresModel, hyperParameters: { ...needScoresModel.hyperParameters, note: 'retuned' } }, null, NOW);
      expect(v2.id).toBe('need-scores@2');
      const before = await plansStore(store.db).create(nscUs, { market: 'US', mode: 'scale', build: { holdoutShare: 0 } }, NOW);
      await models.promote(v2.id);
      const after = await plansStore(store.db).create(nscUs, { market: 'US', mode: 'scale', build: { holdoutShare: 0 } }, NOW);
      const versionsOf = async (planId: string) => new Set((await models.decisionsInScope(globalScope, { planId, limit: 1000 })).flatMap((r) => r.modelVersions));
      expect([...await versionsOf(before.id)]).toContain('need-scores@1');
      expect([...await versionsOf(before.id)]).not.toContain('need-scores@2');
      expect([...await versionsOf(after.id)]).toContain('need-scores@2');
      expect([...await versionsOf(after.id)]).not.toContain('need-scores@1');
    }, 120_000);

    it('decides for one customer with the bandit’s propensity, applies the holdout, is idempotent and tenant-scoped', async () => {
      const plans = plansStore(store.db);
      const d = await plans.decide(nscUs, { ownerId: 'own-d1', campaignId: 'spring', holdoutShare: 0, requestId: 'req-1' }, NOW);
      expect(d.offer).toBe('off-dl-brakes');
      expect(d.action).toBe(`off-dl-brakes|${d.channel}|${d.dealer}`);
      expect(d.propensity).toBeGreaterThan(0);
      expect(d.propensity).toBeLessThanOrEqual(1);
      expect(d.propensity).toBeCloseTo(d.probabilities[d.channel!]!, 12);
      expect(Object.values(d.probabilities).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
      expect(d.modelVersions).toEqual(['candidate-value@1', 'lifetime-value@1', 'need-scores@2', 'channel-bandit@1']);
      // The same request id returns the logged decision; no second row.
      const again = await plans.decide(nscUs, { ownerId: 'own-d1', campaignId: 'spring', holdoutShare: 0, requestId: 'req-1' }, NOW);
      expect(again.decisionId).toBe(d.decisionId);
      expect(again.action).toBe(d.action);
      const logged = await modelsStore(store.db).decisionsInScope(dlrA, { ownerId: 'own-d1' });
      expect(logged.filter((r) => r.campaignId === 'spring')).toHaveLength(1);
      // The bandit's posterior learns from the outcomes of its own logged decisions: the caller reports
      // the decision shown (an exposure linked by decision id), the owner redeems, collection writes the outcome.
      const models = modelsStore(store.db);
      await expect(recordDecisionExposure(store.db, dlrB, { decisionId: d.decisionId, ownerId: 'own-d1' }, NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await recordDecisionExposure(store.db, dlrA, { decisionId: d.decisionId, ownerId: 'own-d1' }, NOW)).toEqual({ exposureId: `dx-${d.decisionId}`, created: true });
      expect(await recordDecisionExposure(store.db, dlrA, { decisionId: d.decisionId, ownerId: 'own-d1' }, NOW)).toMatchObject({ created: false });
      expect(await models.banditHistory('channel-bandit@1')).toEqual([]);
      await store.db.query(
        `INSERT INTO delivery_redemption_codes (code_id, code, offer_id, owner_id, dealer_id, issued_at, expires_at, redeemed_at)
         VALUES ('rc-loop', 'FC1-LOOP', 'off-dl-brakes', 'own-d1', NULL, $1, $2, $3)
         ON CONFLICT (offer_id, owner_id) DO UPDATE SET redeemed_at = EXCLUDED.redeemed_at`,
        [NOW.toISOString(), new Date(NOW.getTime() + 60 * 86_400_000).toISOString(), new Date(NOW.getTime() + 3 * 86_400_000).toISOString()]);
      await collectLogs(store.db, new Date(NOW.getTime() + 4 * 86_400_000));
      expect(await models.banditHistory('channel-bandit@1')).toEqual([{ channel: d.channel, context: [1, d.scores.need, d.scores['context.valueShare']], reward: 1 }]);
      const next = await plans.decide(nscUs, { ownerId: 'own-d5', holdoutShare: 0 }, NOW);
      expect(next.reasons.join(' ')).toContain('posterior from 1 logged outcome(s)');
      // Only channels of the context may be chosen.
      const inCar = await plans.decide(nscUs, { ownerId: 'own-d1', campaignId: 'spring', holdoutShare: 0, context: { channels: ['hmi'] } }, NOW);
      expect(inCar.channel).toBe('hmi');
      // Without telematics consent the vehicle-data model does not decide.
      const noTelematics = await plans.decide(nscUs, { ownerId: 'own-d2', holdoutShare: 0 }, NOW);
      expect(noTelematics.modelVersions).not.toContain('need-scores@2');
      expect(noTelematics.scores.need).toBe(0.3);
      // Held out: nothing is sent, propensity 1, still logged.
      const held = await plans.decide(nscUs, { ownerId: 'own-d3', holdoutShare: 1 }, NOW);
      expect(held).toMatchObject({ action: 'none', holdout: true, propensity: 1, offer: null });
      // Another tenant's owner is not found, like a missing one; nothing is logged.
      await expect(plans.decide(dlrB, { ownerId: 'own-d1' }, NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(plans.decide(nscDe, { ownerId: 'own-zzz' }, NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await modelsStore(store.db).decisionsInScope(dlrB, { ownerId: 'own-d1' })).toEqual([]);
    }, 120_000);

    it('subject export includes the decision rows and erasure removes them', async () => {
      const exported = await modelsSubjectDataHook.export(store.db, { ownerId: 'own-d1', vins: [] }) as { decisions: { decision_id: string; plan_id: string | null }[] };
      expect(exported.decisions.length).toBeGreaterThanOrEqual(5);
      expect(exported.decisions.some((r) => r.plan_id !== null)).toBe(true);
      await store.db.transaction((tx) => modelsSubjectDataHook.erase(tx, { ownerId: 'own-d1', vins: [] }));
      expect(await modelsStore(store.db).decisions('own-d1')).toEqual([]);
      expect((await modelsStore(store.db).decisions('own-d2')).length).toBeGreaterThan(0);
    });

    it('scopes the measurement rows to the caller’s tenant: dealer A never sees dealer B’s customers', async () => {
      const models = modelsStore(store.db);
      const dealerOf = new Map(measured.map((o) => [o.id, o.dealer]));
      // The measured campaign (other tests of this suite log exposures of their own campaigns).
      const a = await models.loggedRows({ scope: dlrA, campaignId: 'cmp-scope' });
      const b = await models.loggedRows({ scope: dlrB, campaignId: 'cmp-scope' });
      expect(a).toHaveLength(100);
      expect(b).toHaveLength(100);
      expect(a.every((r) => dealerOf.get(r.ownerId) === 'dlr-a')).toBe(true);
      expect((await models.loggedRows({ scope: nscUs, campaignId: 'cmp-scope' })).length).toBe(200);
      expect(await models.loggedRows({ scope: nscDe })).toEqual([]);
      const full = buildMeasurementReport(await models.loggedRows({ scope: nscUs, campaignId: 'cmp-scope' }));
      const reportA = buildMeasurementReport(a);
      const trueTreated = (rows: typeof a, arm: string) => rows.filter((r) => r.arm === arm).length;
      expect(reportA.lift.find((l) => l.arm === 'service-0')!.treated).toBe(trueTreated(a, 'service-0'));
      expect(full.lift.find((l) => l.arm === 'service-0')!.treated).toBe(trueTreated(a, 'service-0') + trueTreated(b, 'service-0'));
      // What dealer A is shown: cells of ≥ 20 noisy customers, with noisy counts; the same answer when asked again.
      const released = releaseDealerReport(reportA, a, 'measurement|/oem/nsc-us/dist-us-west/dlr-a/');
      expect(released.lift.map((l) => l.arm)).toEqual(['service-0', 'service-10']);
      for (const l of released.lift) expect(Math.abs(l.treated - trueTreated(a, l.arm))).toBeLessThan(20);
      expect(releaseDealerReport(reportA, a, 'measurement|/oem/nsc-us/dist-us-west/dlr-a/')).toEqual(released);
    });
  });
}
