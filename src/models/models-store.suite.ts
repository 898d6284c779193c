import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers } from '../identity';
import type { Store } from '../store';
import { createMatrix } from './matrix';
import { buildMeasurementReport, measurementCsvRows } from './logs-report';
import { upliftFromSpec } from './model-serialisation';
import { modelsStore, modelsSubjectDataHook, seedModelLogs, type ModelsStore } from './models-store';
import { trainFromLogs } from './train-from-logs';

/** One behavioural suite for the models' tables, run on PGlite and on the PostgreSQL server. */
export function modelsStoreContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`models store contract (${name})`, () => {
    let store: Store;
    let repo: ModelsStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await open());
      repo = modelsStore(store.db);
    });
    afterAll(async () => cleanup?.());

    it('seeds simulated exposures and outcomes deterministically and idempotently', async () => {
      const first = await seedModelLogs(store.db, { seed: 5, vehicles: 150, months: 6 });
      expect(first.exposures).toBeGreaterThan(300);
      const rows = await repo.loggedRows();
      await seedModelLogs(store.db, { seed: 5, vehicles: 150, months: 6 });
      const again = await repo.loggedRows();
      expect(again).toEqual(rows);
      expect((await repo.counts()).exposures).toBe(first.exposures);
      expect(new Set(rows.filter((r) => r.holdout).map((r) => r.arm))).toEqual(new Set(['none']));
      expect(new Set(rows.map((r) => r.arm))).toEqual(new Set(['none', 'service-0', 'service-10']));
      expect(rows.every((r) => r.outcome !== null)).toBe(true);
      const campaign = rows.filter((r) => r.campaignId.endsWith('-campaign'));
      const window = await repo.loggedRows({ from: campaign[0]!.exposedAt, to: '2100-01-01T00:00:00.000Z', campaignId: campaign[0]!.campaignId });
      expect(window).toEqual(campaign);
    });

    it('trains on the stored logs, registers versions, and reloads the artefact to identical predictions', async () => {
      const rows = await repo.loggedRows();
      const trained = trainFromLogs(rows, { method: 'x-learner', base: 'gbt' });
      expect(trained.arms).toEqual(['service-0', 'service-10']);
      const now = new Date('2026-05-01T00:00:00.000Z');
      const v1 = await repo.registerVersion(trained.registration, trained.model.serialise(trained.registration.features), now);
      const v2 = await repo.registerVersion(trained.registration, trained.model.serialise(trained.registration.features), now);
      expect([v1.id, v2.id]).toEqual(['service-offer-uplift@1', 'service-offer-uplift@2']);
      expect(v1.consent).toEqual(['telematics_marketing', 'marketing_contact']);
      expect(await repo.getVersion(v1.id)).toEqual(v1);
      const artefact = await repo.loadArtefact(v1.id);
      const reloaded = upliftFromSpec(artefact);
      const d = reloaded.featureNames.length;
      const x = createMatrix(rows.length, d);
      rows.forEach((r, i) => reloaded.featureNames.forEach((f, j) => { x.values[i * d + j] = r.features[f] ?? 0; }));
      expect(reloaded.predictUplift(x).map((a) => Array.from(a))).toEqual(trained.model.predictUplift(x).map((a) => Array.from(a)));
      expect(await repo.loadArtefact('nothing@1')).toBeNull();
    });

    it('keeps one live version per name', async () => {
      await repo.promote('service-offer-uplift@1');
      await repo.promote('service-offer-uplift@2');
      const versions = await repo.listVersions();
      expect(versions.map((v) => [v.id, v.status])).toEqual([['service-offer-uplift@1', 'retired'], ['service-offer-uplift@2', 'live']]);
      await expect(repo.promote('nothing@1')).rejects.toThrow(RangeError);
    });

    it('logs which model version decided, with the propensity', async () => {
      const record = { decisionId: 'd-1', at: '2026-05-02T00:00:00.000Z', ownerId: 'own-1', modelVersions: ['service-offer-uplift@2'], action: 'service-0', propensity: 0.25, holdout: false, scores: { uplift: 0.04 }, reasons: ['service due'] };
      await repo.logDecision(record);
      expect(await repo.decisions('own-1')).toEqual([record]);
      await expect(repo.logDecision({ ...record, decisionId: 'd-2', propensity: 0 })).rejects.toThrow();
    });

    it('builds the measurement report from the logs', async () => {
      const rows = await repo.loggedRows();
      const artefact = (await repo.loadArtefact('service-offer-uplift@2'))!;
      const report = buildMeasurementReport(rows, { id: 'service-offer-uplift@2', model: upliftFromSpec(artefact), featureNames: artefact.featureNames });
      expect(report.lift.map((l) => l.arm)).toEqual(['service-0', 'service-10']);
      for (const l of report.lift) expect(l.lift.newcombe.lower).toBeLessThanOrEqual(l.lift.difference);
      expect(report.postEvent?.days.during).toBe(2);
      expect(new Set(report.cohorts.map((c) => c.cohort))).toEqual(new Set(['none', 'service-0', 'service-10']));
      expect(report.audit?.model).toBe('service-offer-uplift@2');
      const csv = measurementCsvRows(report);
      expect(csv.filter((r) => r.section === 'lift')).toHaveLength(2);
    });

    it('exports and erases a person\'s exposures, outcomes and decisions', async () => {
      const ownerId = (await repo.loggedRows())[0]!.ownerId;
      await repo.logDecision({ decisionId: 'd-erase', at: '2026-05-03T00:00:00.000Z', ownerId, modelVersions: ['service-offer-uplift@2'], action: 'none', propensity: 1, holdout: true, scores: {}, reasons: [] });
      const exported = await modelsSubjectDataHook.export(store.db, { ownerId, vins: [] }) as { exposures: unknown[]; decisions: unknown[] };
      expect(exported.exposures.length).toBeGreaterThan(0);
      expect(exported.decisions).toHaveLength(1);
      const before = (await repo.counts()).exposures;
      await store.db.transaction((tx) => modelsSubjectDataHook.erase(tx, { ownerId, vins: [] }));
      expect((await repo.counts()).exposures).toBe(before - exported.exposures.length);
      expect((await findLeftovers(store.db, [ownerId])).filter((h) => h.table.startsWith('model_'))).toEqual([]);
    });
  });
}
