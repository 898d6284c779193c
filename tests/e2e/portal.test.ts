import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, listen, type Platform } from '../../src/app';
import { loadConfig } from '../../src/config';
import { launchBrowser, screenshotPath } from './browser';

let platform: Platform;
let browser: Browser;
let base: string;

beforeAll(async () => {
  platform = await compose(loadConfig({}, { dataDir: 'memory', port: 0, logLevel: 'silent', demoVehicles: 300, seed: 8 }));
  base = (await listen(platform)).replace('127.0.0.1', 'localhost');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

async function loginAs(role: string): Promise<{ page: Page; nodeId: string }> {
  const user = platform.demoUsers.find((u) => u.role === role)!;
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${base}/`);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('who').waitFor();
  return { page, nodeId: user.nodeId };
}

describe('dealer portal', () => {
  it('shows the dealer its own customers, demand against capacity and fund positions, and nothing of other dealers', async () => {
    const { page, nodeId } = await loginAs('dealer_principal');
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
    const { page } = await loginAs('nsc_marketing');
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Dealer portal');
  });
});
