import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/app';
import { loginAs, screenshotPath, startDemo, stopDemo, type DemoPlatform } from './browser';

let demo: DemoPlatform;
let platform: Platform;

beforeAll(async () => {
  demo = await startDemo({ vehicles: 300, seed: 8 });
  ({ platform } = demo);
});
afterAll(async () => {
  await stopDemo(demo);
});


describe('dealer portal', () => {
  it('shows the dealer its own customers, demand against capacity and fund positions, and nothing of other dealers', async () => {
    const page = await loginAs(demo, 'dealer_principal');
    const nodeId = platform.demoUsers.find((u) => u.role === 'dealer_principal')!.nodeId;
    await page.getByRole('link', { name: 'Dealer portal' }).click();
    const own = (await platform.store.customers.listOwners({ kind: 'node', nodeId, path: (await platform.store.network.nodePath(nodeId))! }, { limit: 1000 })).items;
    await expect.poll(() => page.getByTestId('portal-customers').locator('.value').textContent()).toBe(String(own.length));
    await expect.poll(() => page.getByRole('table', { name: 'Customers' }).locator('tbody tr').count()).toBe(own.length);
    const others = (await platform.store.customers.listOwners({ kind: 'global' }, { limit: 1000 })).items.filter((o) => o.homeDealerId !== nodeId);
    const text = (await page.getByRole('table', { name: 'Customers' }).textContent()) ?? '';
    for (const o of others.slice(0, 50)) expect(text).not.toContain(o.id);
    expect(await page.getByTestId('demand-day').count()).toBe(14);
    await page.getByRole('table', { name: 'Fund positions' }).waitFor();
    await page.screenshot({ path: screenshotPath('dealer-portal'), fullPage: true });
  });

  it('is not offered to head office', async () => {
    const page = await loginAs(demo, 'nsc_marketing');
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Dealer portal');
  });
});
