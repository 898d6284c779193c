import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/app';
import { modelsStore, seedModelLogs, trainFromLogs } from '../../src/models';
import { loginAs, screenshotPath, startDemo, stopDemo, type DemoPlatform } from './browser';

let demo: DemoPlatform;
let platform: Platform;
let base: string;

beforeAll(async () => {
  demo = await startDemo({ vehicles: 200, seed: 11 });
  ({ platform, base } = demo);
  const models = modelsStore(platform.store.db);
  // The demo seed may not log exposures yet; a small deterministic simulated campaign then.
  if ((await models.counts()).exposures === 0) await seedModelLogs(platform.store.db, { seed: 2, vehicles: 300, months: 6 });
  const trained = trainFromLogs(await models.loggedRows(), { method: 't-learner', base: 'logistic' });
  await models.registerVersion(trained.registration, trained.model.serialise(trained.registration.features), new Date('2026-05-01T00:00:00.000Z'));
}, 180_000);
afterAll(async () => {
  await stopDemo(demo);
});


interface ApiReport { lift: { arm: string; treated: number; control: number; lift: { difference: number } }[]; postEvent: { lift: number } | null }

describe('measurement in the dashboard', () => {
  it('shows lift with intervals, post-event, cohorts and the registry, with the numbers of the API', async () => {
    const page = await loginAs(demo, 'nsc_marketing');
    await page.getByRole('link', { name: 'Measurement' }).click();
    await page.getByRole('table', { name: 'Incremental lift' }).waitFor();
    const api = (await (await page.request.get(`${base}/api/v1/measurement/report`)).json()) as ApiReport;
    expect(api.lift.map((l) => l.arm)).toEqual(['service-0', 'service-10']);
    for (const l of api.lift) {
      const row = page.getByTestId(`lift-${l.arm}`);
      expect(await row.locator('td').nth(1).textContent()).toBe(new Intl.NumberFormat('en').format(l.treated));
      const diff = `${l.lift.difference >= 0 ? '+' : ''}${(100 * l.lift.difference).toFixed(1)} pp`;
      expect(await row.locator('td.lift').textContent()).toBe(diff);
    }
    expect(api.postEvent).not.toBeNull();
    expect(await page.getByTestId('post-lift').locator('.value').textContent()).toBe(api.postEvent!.lift.toFixed(1));
    // The plots are drawn in the browser: each chart holds an SVG with the lift bars and the series lines.
    for (const label of ['Lift chart', 'Post-event chart', 'Cohort chart']) {
      await expect.poll(() => page.getByTestId(`chart-${label}`).locator('svg path').count()).toBeGreaterThan(3);
    }
    expect(await page.getByRole('table', { name: 'Model registry' }).textContent()).toContain('service-offer-uplift@1');
    await page.screenshot({ path: screenshotPath('measurement'), fullPage: true });
  });

  it('serves the same charts as SVG from the server', async () => {
    const page = await loginAs(demo, 'dealer_principal');
    const res = await page.request.get(`${base}/api/v1/measurement/charts/lift.svg`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg/);
  });

  it('does not offer the page to a role without models.read', async () => {
    const page = await loginAs(demo, 'dpo');
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Measurement');
  });
});
