import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectLogs, modelsStore, upliftDataFromLogs } from '../models';
import type { Store } from '../store';
import { loadPlanFixture, PLAN_NOW } from './plan-fixture';
import { plansStore } from './plans-store';

const nscUs = { kind: 'node' as const, nodeId: 'nsc-us', path: '/oem/nsc-us/' };
const DAY = 86_400_000;
const later = (days: number) => new Date(PLAN_NOW.getTime() + days * DAY);

/** A plan delivered and partly redeemed becomes training data: exposures with propensities, holdouts, outcomes. */
export function planLogsContract(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`training data from the platform's own logs on ${backend}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let planId: string;
    let redeemer: { owner: string; offer: string };
    beforeAll(async () => {
      ({ store, cleanup } = await open());
      await loadPlanFixture(store);
      const plan = await plansStore(store.db).create(nscUs, { market: 'US', mode: 'scale', build: { holdoutShare: 0.15 } }, PLAN_NOW);
      planId = plan.id;
      await plansStore(store.db).deliver(nscUs, plan.id, {}, PLAN_NOW);
      // The providers sent everything that was queued, an hour later; one owner redeems two days after.
      await store.db.query(`UPDATE delivery_outbox SET status = 'sent', sent_at = $1 WHERE status = 'queued'`, [new Date(PLAN_NOW.getTime() + 3_600_000).toISOString()]);
      const { rows } = await store.db.query<{ owner_id: string; offer_id: string }>(
        `SELECT r.owner_id, r.offer_id FROM delivery_redemption_codes r JOIN delivery_outbox o ON o.owner_id = r.owner_id AND o.offer_id = r.offer_id ORDER BY r.owner_id LIMIT 1`);
      redeemer = { owner: rows[0]!.owner_id, offer: rows[0]!.offer_id };
      await store.db.query('UPDATE delivery_redemption_codes SET redeemed_at = $1 WHERE owner_id = $2 AND offer_id = $3', [later(2).toISOString(), redeemer.owner, redeemer.offer]);
    }, 120_000);
    afterAll(async () => { await cleanup?.(); });

    it('collects sent messages and held-out decisions as exposures linked to the deciding log row, once', async () => {
      const { rows: sent } = await store.db.query<{ n: number | string }>(`SELECT count(*) AS n FROM delivery_outbox WHERE status = 'sent'`);
      const heldOut = (await modelsStore(store.db).decisionsInScope(nscUs, { limit: 1000 })).filter((d) => d.holdout && d.planId === planId);
      expect(Number(sent[0]!.n)).toBeGreaterThan(0);
      expect(heldOut.length).toBeGreaterThan(0);

      const first = await collectLogs(store.db, later(5));
      expect(first).toMatchObject({ exposures: Number(sent[0]!.n), holdouts: heldOut.length, converted: 1 });
      expect(first.outcomes).toBe(1);
      expect(first.awaiting).toBe(first.exposures + first.holdouts - 1);
      const rows = await modelsStore(store.db).loggedRows();
      const mine = rows.find((r) => r.ownerId === redeemer.owner && r.arm === redeemer.offer)!;
      expect(mine).toMatchObject({ campaignId: `plan-${planId.slice(4)}`, propensity: 1, holdout: false, outcome: { converted: true, active: true } });
      expect(Object.keys(mine.features).sort()).toEqual(['odometer10kKm', 'priorDiscounts', 'priorMessages', 'vehicleAgeYears']);
      const { rows: link } = await store.db.query<{ decision_id: string | null }>(`SELECT decision_id FROM model_exposures WHERE owner_id = $1 AND arm = $2`, [redeemer.owner, redeemer.offer]);
      expect(link[0]!.decision_id).toBe(`${planId}:${redeemer.owner}`);
      expect(rows.filter((r) => r.arm === 'none').every((r) => r.holdout && r.channel === null)).toBe(true);

      // Idempotent: nothing new inside the window.
      expect(await collectLogs(store.db, later(5))).toMatchObject({ exposures: 0, holdouts: 0, outcomes: 0 });
    });

    it('closes the window without a redemption as not converted, and the logs feed uplift training', async () => {
      const closed = await collectLogs(store.db, later(40));
      expect(closed).toMatchObject({ exposures: 0, holdouts: 0, converted: 0, awaiting: 0 });
      expect(closed.outcomes).toBeGreaterThan(0);
      const rows = await modelsStore(store.db).loggedRows();
      expect(rows.every((r) => r.outcome !== null)).toBe(true);
      expect(rows.filter((r) => r.outcome!.converted)).toHaveLength(1);
      const { campaigns, arms } = upliftDataFromLogs(rows);
      expect(campaigns).toContain(`plan-${planId.slice(4)}`);
      expect(arms.length).toBeGreaterThan(0);
    });
  });
}
