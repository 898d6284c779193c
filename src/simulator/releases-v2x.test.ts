import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readNdjsonFile } from './v2x-sample-io';
import { generateReleases, rolloutStatus, SimRelease, softwareVersionAt } from './releases';
import { generateMarket } from './generate-market';
import { loadShippedScenario } from './scenario-io';
import { fleetV2x } from './v2x-stream';

describe('OTA releases', () => {
  const scenario = loadShippedScenario('de-fr');
  const releases = generateReleases(scenario, 4, 36);
  it('are schema-valid, per model, with approvals per market and staged waves', () => {
    z.array(SimRelease).parse(releases);
    expect(new Set(releases.map((r) => r.modelId)).size).toBe(scenario.models.length);
    for (const r of releases) {
      expect(r.approvals.map((a) => a.market).sort()).toEqual(['DE', 'FR']);
      expect(r.waves[0]?.share).toBeLessThan(0.05);
    }
  });
  it('include failed or rolled-back rollouts and a late approval', () => {
    expect(releases.some((r) => r.outcome === 'failed' || r.outcome === 'rolled_back')).toBe(true);
    const late = releases.some((r) => r.approvals.some((a) => a.at !== null && Date.parse(a.at) - Date.parse(r.publishedAt) > 120 * 86_400_000));
    expect(late).toBe(true);
    expect(releases.some((r) => r.features.length > 0)).toBe(true);
  });
  it('are deterministic', () => {
    expect(JSON.stringify(generateReleases(scenario, 4, 36))).toBe(JSON.stringify(releases));
  });
});

describe('rollouts reach vehicles by market approval and wave', () => {
  const demo = loadShippedScenario('demo');
  const market = generateMarket(demo, { seed: 4, vehicles: 400 });
  const releases = generateReleases(demo, 4, 36);
  const end = Date.parse(demo.startsAt) + 36 * 30.44 * 86_400_000;
  it('installs completed releases, reports failures and restores the version after a rollback', () => {
    const statuses = new Map<string, number>();
    for (const r of releases) for (const v of market.vehicles) {
      const s = rolloutStatus(r, v, end);
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
      if (r.outcome === 'rolled_back' && s === 'installed') throw new Error('a rolled-back release is still installed at the end');
    }
    expect(statuses.get('installed')).toBeGreaterThan(0);
    expect(statuses.get('not_eligible')).toBeGreaterThan(0);
    const upgraded = market.vehicles.filter((v) => softwareVersionAt(releases, v, end) !== v.softwareVersion);
    expect(upgraded.length).toBeGreaterThan(market.vehicles.length / 4);
    const atStart = market.vehicles.filter((v) => softwareVersionAt(releases, v, Date.parse(demo.startsAt)) !== v.softwareVersion);
    expect(atStart).toHaveLength(0);
  });
});

describe('V2X intersection encounters', () => {
  const messages = [...fleetV2x(loadShippedScenario('demo'), { seed: 9, vehicles: 6, days: 2 })];
  const bsm = messages.filter((m) => m.metadata.recordType === 'bsmTx');
  const spat = messages.filter((m) => m.metadata.recordType === 'spatTx');
  it('emits BSMs and SPaTs', () => {
    expect(bsm.length).toBeGreaterThan(50);
    expect(spat.length).toBeGreaterThan(5);
  });
  it('have the same shape as the real decoded ODE samples in ../shared/data/v2x', () => {
    const realBsm = readNdjsonFile('jpo-ode/expected-bsm.json')[0] as { payload: { data: { coreData: Record<string, unknown> }; dataType: string } };
    const realSpat = readNdjsonFile('jpo-ode/expected-spat.json')[0] as { payload: { data: { intersectionStateList: { intersectionStatelist: { states: { movementList: unknown[] } }[] } }; dataType: string } };
    const ours = bsm[0]?.payload.data as { coreData: Record<string, unknown> };
    expect(Object.keys(ours.coreData).sort()).toEqual(Object.keys(realBsm.payload.data.coreData).sort());
    expect(bsm[0]?.payload.dataType).toBe(realBsm.payload.dataType);
    expect(spat[0]?.payload.dataType.toLowerCase()).toBe(realSpat.payload.dataType.toLowerCase());
    const ourMovement = (spat[0]?.payload.data as typeof realSpat.payload.data).intersectionStateList.intersectionStatelist[0]?.states.movementList[0];
    const realMovement = realSpat.payload.data.intersectionStateList.intersectionStatelist[0]?.states.movementList[0];
    expect(Object.keys(ourMovement as object).sort()).toEqual(Object.keys(realMovement as object).sort());
  });
});
