import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, listen, type Platform } from '../../src/app';
import { reviewStore } from '../../src/compliance';
import { loadConfig } from '../../src/config';
import { launchBrowser, screenshotPath } from './browser';

let platform: Platform;
let browser: Browser;
let base: string;
let reviewId: string;

beforeAll(async () => {
  platform = await compose(loadConfig({}, { dataDir: 'memory', port: 0, logLevel: 'silent', demoVehicles: 100, seed: 3 }));
  base = (await listen(platform)).replace('127.0.0.1', 'localhost');
  browser = await launchBrowser();
  const owner = platform.demoUsers.find((u) => u.role === 'compliance_reviewer')!.nodeId;
  const opened = await reviewStore(platform.store.db).open({
    market: 'UK', channel: 'hmi_card', vehicle: { model: 'Halden Vireo', adasLevel: 2, certifiedFeatures: [] },
    consent: { telematicsMarketing: true, channelMarketing: true }, text: 'Sit back: your Vireo drives itself on the motorway.',
  }, owner, 'e2e', new Date());
  reviewId = opened.item.id;
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

async function loginAs(role: string): Promise<Page> {
  const user = platform.demoUsers.find((u) => u.role === role)!;
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${base}/`);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('who').waitFor();
  return page;
}

describe('compliance reviewer in the dashboard', () => {
  it('sees the blocked message with the offending words marked and the rule, then rewrites it until it passes', async () => {
    const page = await loginAs('compliance_reviewer');
    await page.getByRole('link', { name: 'Compliance review' }).click();
    const card = page.getByRole('article', { name: `Review ${reviewId}` });
    await card.waitFor();
    expect(await card.locator('mark').count()).toBeGreaterThan(0);
    expect(await card.getByRole('table', { name: 'Violations' }).textContent()).toContain('ADAS-001');
    await page.screenshot({ path: screenshotPath('compliance-review'), fullPage: true });
    await card.getByLabel('Message text').fill('Highway Assist helps with steering and speed on the motorway; keep your hands on the wheel and watch the road at all times.');
    await card.getByRole('button', { name: 'Save and re-check' }).click();
    await expect.poll(() => card.getByRole('status').textContent()).toBe('Now resolved.');
    const stored = await reviewStore(platform.store.db).get({ kind: 'global' }, reviewId);
    expect(stored?.item.status).toBe('resolved');
    expect(stored?.item.audit.map((e) => e.action)).toEqual(['opened', 'edit']);
  });

  it('is not offered to a dealer', async () => {
    const page = await loginAs('dealer_service');
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Compliance review');
  });
});
