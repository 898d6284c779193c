import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/app';
import { loginAs, screenshotPath, startDemo, stopDemo, type DemoPlatform } from './browser';

let demo: DemoPlatform;
let platform: Platform;
let base: string;

beforeAll(async () => {
  demo = await startDemo({ vehicles: 300, seed: 5 });
  ({ platform, base } = demo);
}, 120_000);
afterAll(async () => {
  await stopDemo(demo);
});


describe('campaign planner in the dashboard', () => {
  it('runs a plan for a market (numbers as the API has them) and compares what-if scenarios with a plot', async () => {
    const user = platform.demoUsers.find((u) => u.role === 'nsc_marketing')!;
    const market = (await platform.store.network.getNode({ kind: 'global' }, user.nodeId))!.market!;
    const page = await loginAs(demo, 'nsc_marketing');
    await page.getByRole('link', { name: 'Campaign planner' }).click();
    // The planner opens on the caller's own market.
    await expect.poll(() => page.getByLabel('Market', { exact: true }).inputValue()).toBe(market);
    await page.getByLabel('Market', { exact: true }).selectOption(market);
    await page.getByLabel('Mode').selectOption('exact');
    await page.getByRole('button', { name: 'Run plan' }).click();
    const planId = await page.getByTestId('plan-id').textContent();
    expect(planId).toMatch(/^pln-[0-9a-f]{24}$/);

    const key = (await platform.identity.createApiKey({ name: 'e2e planner', nodeId: user.nodeId, role: 'nsc_marketing' })).key;
    const api = await (await fetch(`${base}/api/v1/plans/${planId}`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(api.plan.assigned).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-value').locator('.value').textContent()).toBe(api.plan.value.toFixed(2));
    expect(await page.getByTestId('plan-bound').locator('.value').textContent()).toBe(api.plan.bound.toFixed(2));
    expect(await page.getByTestId('plan-gap').locator('.value').textContent()).toBe(`${(api.plan.gap * 100).toFixed(3)} %`);
    expect(await page.getByTestId('plan-assigned').locator('.value').textContent()).toBe(String(api.plan.assigned));
    const binding = api.plan.constraints.filter((c: { binding: boolean }) => c.binding);
    expect(await page.getByRole('table', { name: 'Binding constraints' }).locator('tbody tr').count()).toBe(binding.length);

    await page.getByLabel('Budget', { exact: true }).fill('50000');
    await page.getByLabel('Scenarios', { exact: true }).fill('budget+10,budget-10');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByTestId('scenario-budget+10').waitFor();
    expect(await page.getByRole('table', { name: 'Scenario comparison' }).locator('tbody tr').count()).toBe(3);
    await page.getByTestId('chart-what-if').locator('svg').first().waitFor();
    expect(await page.getByTestId('chart-what-if').locator('svg path').count()).toBeGreaterThan(3);
    await page.screenshot({ path: screenshotPath('planner'), fullPage: true });
  }, 240_000);
});
