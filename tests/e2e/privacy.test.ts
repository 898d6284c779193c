import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/app';
import { findLeftovers } from '../../src/identity';
import { loginAs, screenshotPath, startDemo, stopDemo, type DemoPlatform } from './browser';

let demo: DemoPlatform;
let platform: Platform;
let base: string;

beforeAll(async () => {
  demo = await startDemo({ vehicles: 200, seed: 11 });
  ({ platform, base } = demo);
});
afterAll(async () => {
  await stopDemo(demo);
});


describe('data-protection officer in the dashboard', () => {
  it('looks a customer up, withdraws a consent, and sees it in the history', async () => {
    const page = await loginAs(demo, 'dpo');
    const owner = (await platform.store.customers.listOwners({ kind: 'global' }, { limit: 1 })).items[0]!;
    await page.getByRole('link', { name: 'Consent lookup' }).click();
    await page.getByLabel('Customer id').fill(owner.id);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { name: owner.displayName }).waitFor();
    const before = (await platform.store.customers.consentHistory(owner.id)).length;
    await page.getByRole('table', { name: 'Consent', exact: true }).getByRole('button').first().click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Recorded: /);
    await expect.poll(async () => (await platform.store.customers.consentHistory(owner.id)).length).toBe(before + 1);
    expect(await page.getByRole('table', { name: 'Consent history' }).locator('tbody tr').count()).toBe(before + 1);
    await page.screenshot({ path: screenshotPath('consent-lookup'), fullPage: true });
  });

  it('erases a person from the dashboard and nothing of them is left', async () => {
    const page = await loginAs(demo, 'dpo');
    const owner = (await platform.store.customers.listOwners({ kind: 'global' }, { limit: 2 })).items[1]!;
    await page.goto(`${base}/app/consent`);
    await page.getByLabel('Customer id').fill(owner.id);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { name: owner.displayName }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Erase this person' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Erased\. .*leftovers found: 0/);
    expect(await findLeftovers(platform.store.db, [owner.id, ...(owner.email ? [owner.email] : [])])).toEqual([]);
  });

  it('shows the audit log with an intact chain, including the erasure', async () => {
    const page = await loginAs(demo, 'dpo');
    await page.goto(`${base}/app/audit`);
    await expect.poll(() => page.getByTestId('chain').textContent()).toMatch(/Hash chain intact/);
    expect(await page.getByRole('table', { name: 'Audit log' }).textContent()).toContain('subject.erase');
    await page.screenshot({ path: screenshotPath('audit-log'), fullPage: true });
  });

  it('does not offer the consent lookup to a dealer', async () => {
    const page = await loginAs(demo, 'dealer_principal');
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Consent lookup');
  });
});
