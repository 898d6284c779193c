import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, listen, type Platform } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Role } from '../../src/identity';
import { repoRoot } from '../../src/kernel';
import { launchBrowser, screenshotPath } from './browser';

let platform: Platform;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(resolve(repoRoot(), 'web/dist/index.html'))) throw new Error('dashboard not built: npm run build:web (npm test runs it first)');
  platform = await compose(loadConfig({}, { dataDir: 'memory', port: 0, logLevel: 'silent', demoVehicles: 300, seed: 7 }));
  base = (await listen(platform)).replace('127.0.0.1', 'localhost');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

async function loginAs(role: Role): Promise<{ page: Page; key: string; close: () => Promise<void> }> {
  const user = platform.demoUsers.find((u) => u.role === role)!;
  const key = (await platform.identity.createApiKey({ name: `e2e ${role}`, nodeId: user.nodeId, role })).key;
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('who').waitFor();
  return { page, key, close: () => ctx.close() };
}

async function api<T>(key: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, path).toBe(200);
  return res.json() as Promise<T>;
}

describe('network and offer catalog pages in headless Chromium', () => {
  it('NSC marketing sees each dealer\'s capacity utilisation on the map and in the table, as the API reports it', async () => {
    const { page, key, close } = await loginAs('nsc_marketing');
    await page.getByRole('link', { name: 'Network' }).click();
    const table = page.getByRole('table', { name: 'Dealers' });
    await table.waitFor();
    const usage = await api<{ items: { dealerId: string; ratio: number }[] }>(key, '/api/v1/network/utilisation?days=14');
    expect(usage.items.length).toBeGreaterThan(0);
    expect(usage.items.some((u) => u.ratio > 0), 'the demo seed books workshop time').toBe(true);
    expect(await table.locator('tbody tr').count()).toBe(usage.items.length);
    for (const u of usage.items) {
      const cell = page.getByTestId(`dealer-${u.dealerId}`).getByTestId('utilisation').locator('.value');
      expect(await cell.textContent(), u.dealerId).toBe(`${(u.ratio * 100).toFixed(0)} %`);
      expect(await page.locator(`circle.dealer-dot[data-dealer="${u.dealerId}"]`).getAttribute('data-utilisation')).toBe(u.ratio.toFixed(3));
    }
    const busiest = [...usage.items].sort((a, b) => b.ratio - a.ratio)[0]!;
    const calmest = [...usage.items].sort((a, b) => a.ratio - b.ratio)[0]!;
    if (busiest.ratio >= 0.6 && calmest.ratio < 0.6) {
      const fill = (id: string) => page.locator(`circle.dealer-dot[data-dealer="${id}"]`).evaluate((el) => getComputedStyle(el).fill);
      expect(await fill(busiest.dealerId)).not.toBe(await fill(calmest.dealerId));
    }
    await page.screenshot({ path: screenshotPath('network-utilisation'), fullPage: true });
    await close();
  });

  it('a dealer principal reads the catalog fields and checks a vehicle\'s eligibility with a reason per condition', async () => {
    const { page, key, close } = await loginAs('dealer_principal');
    await page.getByRole('link', { name: 'Offer catalog' }).click();
    const offers = page.getByRole('table', { name: 'Offers' });
    await offers.waitFor();
    const catalog = await api<{ items: { id: string; fundId: string | null; rules: { code: string }[] }[] }>(key, '/api/v1/catalog/offers');
    expect(await offers.locator('tbody tr').count()).toBe(catalog.items.length);
    const brake = catalog.items.find((o) => o.id.endsWith('-brake-service'))!;
    const row = page.getByTestId(`offer-${brake.id}`);
    expect(await row.textContent()).toContain(brake.fundId!);
    expect(await row.getByTestId('rules').locator('li').count()).toBe(brake.rules.length);

    const vehicles = await api<{ items: { vin: string }[] }>(key, '/api/v1/vehicles?limit=1');
    const vin = vehicles.items[0]!.vin;
    await page.getByLabel('VIN').fill(vin);
    await page.getByRole('button', { name: 'Check' }).click();
    const result = page.getByRole('table', { name: 'Eligibility' });
    await result.waitFor();
    const expected = await api<{ items: { offerId: string; eligible: boolean; reasons: { code: string }[] }[] }>(key, '/api/v1/catalog/eligibility', { vin });
    expect(await result.locator('tbody tr').count()).toBe(expected.items.length);
    for (const item of expected.items) {
      const r = page.getByTestId(`eligibility-${item.offerId}`);
      expect(await r.locator('.decision').textContent()).toBe(item.eligible ? 'eligible' : 'not eligible');
      expect(await r.locator('li').count()).toBe(item.reasons.length);
    }
    await page.screenshot({ path: screenshotPath('offer-catalog-eligibility'), fullPage: true });
    await page.getByLabel('VIN').fill('1HLVR2B50TA999999');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/NOT_FOUND|VALIDATION_FAILED/);
    await close();
  });

  it('a dealer principal claims a redemption it honoured: settled, the fund position drops, a second claim is rejected as a duplicate', async () => {
    const { page, key, close } = await loginAs('dealer_principal');
    const dealerId = platform.demoUsers.find((u) => u.role === 'dealer_principal')!.nodeId;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const redeemedAt = `${yesterday}T12:00:00.000Z`;
    const catalog = await api<{ items: { id: string; fundId: string | null; costMinor: number }[] }>(key, '/api/v1/catalog/offers');
    const vehicles = await api<{ items: { vin: string }[] }>(key, '/api/v1/vehicles?limit=100');
    let pair: { vin: string; offer: { id: string; fundId: string | null; costMinor: number } } | undefined;
    for (const v of vehicles.items) {
      const e = await api<{ items: { offerId: string; eligible: boolean }[] }>(key, '/api/v1/catalog/eligibility', { vin: v.vin, at: redeemedAt, dealerId });
      const offer = catalog.items.find((o) => o.fundId !== null && e.items.some((i) => i.offerId === o.id && i.eligible));
      if (offer) { pair = { vin: v.vin, offer }; break; }
    }
    expect(pair, 'the demo has a vehicle eligible for a funded offer').toBeDefined();
    const { vin, offer } = pair!;
    const redeemed = await fetch(`${base}/api/v1/redemptions`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ offerId: offer.id, vin, dealerId, redeemedAt }),
    });
    expect(redeemed.status).toBe(201);
    const before = (await api<{ remainingMinor: number; claimedMinor: number }>(key, `/api/v1/funds/${offer.fundId}/position`));

    await page.getByRole('link', { name: 'Claims & funds' }).click();
    await page.getByRole('table', { name: 'Fund positions' }).waitFor();
    const form = page.getByRole('form', { name: 'Submit a claim' });
    await form.getByLabel('Fund').selectOption(offer.fundId!);
    await form.getByLabel('Offer').fill(offer.id);
    await form.getByLabel('VIN').fill(vin);
    await form.getByLabel('Redeemed on').fill(yesterday);
    await form.getByLabel('Amount').fill((offer.costMinor / 100).toFixed(2));
    await form.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByTestId('decision').locator('.status').textContent()).toBe('settled');
    const after = await api<{ remainingMinor: number; claimedMinor: number }>(key, `/api/v1/funds/${offer.fundId}/position`);
    expect(after.claimedMinor - before.claimedMinor).toBe(offer.costMinor);
    await expect.poll(() => page.getByTestId(`fund-${offer.fundId}`).locator('.remaining').textContent())
      .toBe(new Intl.NumberFormat('en').format(after.remainingMinor / 100));

    await form.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByTestId('decision').locator('.status').textContent()).toBe('rejected');
    expect(await page.getByTestId('decision').textContent()).toContain('not_duplicate');
    await expect.poll(() => page.getByRole('table', { name: 'Claims' }).locator('tbody tr').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('claims'), fullPage: true });
    await close();
  });
});
