import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, listen, type Platform } from '../../src/app';
import { loadConfig } from '../../src/config';
import { repoRoot } from '../../src/kernel';
import { launchBrowser, screenshotPath } from './browser';

let platform: Platform;
let browser: Browser;
let page: Page;
let base: string;
let admin: { email: string; password: string; nodeId: string };
let adminKey: string;

beforeAll(async () => {
  if (!existsSync(resolve(repoRoot(), 'web/dist/index.html'))) throw new Error('dashboard not built: npm run build:web (npm test runs it first)');
  platform = await compose(loadConfig({}, { dataDir: 'memory', port: 0, logLevel: 'silent', demoVehicles: 300, seed: 7 }));
  base = (await listen(platform)).replace('127.0.0.1', 'localhost');
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  admin = platform.demoUsers.find((u) => u.role === 'oem_admin')!;
  adminKey = (await platform.identity.createApiKey({ name: 'e2e', nodeId: admin.nodeId, role: 'oem_admin' })).key;
});

async function loginAs(p: Page, email: string, password: string): Promise<void> {
  await p.goto(`${base}/`);
  await p.getByLabel('E-mail').fill(email);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.getByTestId('who').waitFor();
}


afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('dashboard in headless Chromium', () => {
  it('asks for a login, refuses a wrong password, and accepts the demo admin', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('form', { name: 'Log in' }).waitFor();
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('e-mail or password is wrong');
    await loginAs(page, admin.email, admin.password);
    expect(await page.getByTestId('who').textContent()).toBe(`oem admin · ${admin.nodeId}`);
  });

  it('shows the market overview with the same totals as the API', async () => {
    const api = await (await fetch(`${base}/api/v1/overview`, { headers: { authorization: `Bearer ${adminKey}` } })).json();
    await page.goto(`${base}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Market overview');
    await page.getByTestId('total-vehicles').waitFor();
    expect(await page.getByTestId('total-vehicles').locator('.value').textContent()).toBe(new Intl.NumberFormat('en').format(api.totals.vehicles));
    expect(await page.getByTestId('total-dealers').locator('.value').textContent()).toBe(String(api.totals.dealers));
    const rows = page.getByRole('table', { name: 'Markets' }).locator('tbody tr');
    expect(await rows.count()).toBe(api.markets.length);
    await expect.poll(() => page.getByRole('table', { name: 'Markets' }).textContent()).toContain('Germany');
    await page.screenshot({ path: screenshotPath('overview'), fullPage: true });
  });

  it('updates the live counters without a reload', async () => {
    await page.goto(`${base}/`);
    await page.getByTestId('total-vehicles').waitFor();
    platform.counters.inc('telemetry.points.accepted', 1234);
    await expect.poll(() => page.getByRole('table', { name: 'Live counters' }).textContent(), { timeout: 15_000 }).toContain('1,234');
  });

  it('navigates to the network page and draws every dealer', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Network' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Network');
    const api = await (await fetch(`${base}/api/v1/dealers`, { headers: { authorization: `Bearer ${adminKey}` } })).json();
    await page.locator('circle.dealer-dot').first().waitFor();
    expect(await page.locator('circle.dealer-dot').count()).toBe(api.items.length);
    expect(await page.getByRole('table', { name: 'Dealers' }).locator('tbody tr').count()).toBe(api.items.length);
    await page.screenshot({ path: screenshotPath('network'), fullPage: true });
  });

  it('opens the offer catalog by URL', async () => {
    await page.goto(`${base}/app/offers`);
    await page.getByRole('table', { name: 'Offers' }).waitFor();
    expect(await page.getByRole('table', { name: 'Offers' }).textContent()).toContain('Brake service package');
  });

  it('offers a dealer only the pages its role may use', async () => {
    const dealer = platform.demoUsers.find((u) => u.role === 'dealer_service')!;
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await loginAs(p, dealer.email, dealer.password);
    const nav = await p.getByRole('navigation', { name: 'Main' }).textContent();
    expect(nav).toContain('Market overview');
    await expect.poll(() => p.getByTestId('total-dealers').locator('.value').textContent()).toBe('1');
    await ctx.close();
  });

  it('links to the API documentation', async () => {
    await page.goto(`${base}/docs`);
    await expect.poll(() => page.title()).toMatch(/swagger/i);
  });
});
