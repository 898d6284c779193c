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

  it('shows each customer’s predicted needs and the offers made with their results, the totals and the noised aggregates', async () => {
    const page = await loginAs(demo, 'dealer_principal');
    const nodeId = platform.demoUsers.find((u) => u.role === 'dealer_principal')!.nodeId;
    await page.getByRole('link', { name: 'Dealer portal' }).click();
    const db = platform.store.db;
    // A customer of this dealer whose vehicle has stored telemetry features and telematics consent.
    const withNeeds = (await db.query<{ owner_id: string }>(
      `SELECT v.owner_id FROM vehicles v JOIN owners o ON o.id = v.owner_id JOIN vehicle_features f ON f.vin = v.vin
         JOIN consents c ON c.owner_id = o.id AND c.purpose = 'telematics_marketing' AND c.channel = 'any' AND c.granted
        WHERE o.home_dealer_id = $1 AND jsonb_array_length(f.features->'features') > 0 ORDER BY v.owner_id LIMIT 1`, [nodeId])).rows[0]?.owner_id;
    expect(withNeeds, 'the demo seed stores features for this dealer’s consenting customers').toBeDefined();
    const needsRow = page.locator(`[data-testid="portal-customer"][data-owner="${withNeeds}"]`);
    await expect.poll(() => needsRow.getByTestId('need').count()).toBeGreaterThan(0);
    expect(await needsRow.textContent()).toMatch(/(adas value|tyre brake service|charging plan fit|towing package) *\d\.\d\d/);
    // A customer without that consent: the needs are withheld, not guessed.
    const withheld = (await db.query<{ id: string }>(
      `SELECT o.id FROM owners o JOIN vehicles v ON v.owner_id = o.id WHERE o.home_dealer_id = $1
          AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.owner_id = o.id AND c.purpose = 'telematics_marketing' AND c.channel = 'any' AND c.granted) ORDER BY o.id LIMIT 1`, [nodeId])).rows[0]?.id;
    if (withheld) await expect.poll(() => page.locator(`[data-owner="${withheld}"]`).getByTestId('needs-withheld').count()).toBeGreaterThan(0);
    // Offers made to this dealer's customers, with their results; the totals tile counts them.
    const offered = (await db.query<{ owner_id: string }>(
      `SELECT DISTINCT x.owner_id FROM delivery_outbox x JOIN owners o ON o.id = x.owner_id WHERE o.home_dealer_id = $1 ORDER BY x.owner_id`, [nodeId])).rows.map((r) => r.owner_id);
    expect(offered.length, 'the demo seed delivers offers to this dealer’s customers').toBeGreaterThan(0);
    const offerRow = page.locator(`[data-testid="portal-customer"][data-owner="${offered[0]}"]`);
    await expect.poll(() => offerRow.getByTestId('offer-made').count()).toBeGreaterThan(0);
    expect(await offerRow.getByTestId('offer-made').first().textContent()).toMatch(/email (queued|sent|sending|dead).*→ (redeemed|awaiting response|lead)/);
    await expect.poll(() => page.getByTestId('portal-offers').locator('.value').textContent()).toBe(String(offered.length));
    // Another dealer's offered customers never appear.
    const others = (await db.query<{ owner_id: string }>(
      `SELECT DISTINCT x.owner_id FROM delivery_outbox x JOIN owners o ON o.id = x.owner_id WHERE o.home_dealer_id <> $1 ORDER BY x.owner_id`, [nodeId])).rows.map((r) => r.owner_id);
    expect(others.length).toBeGreaterThan(0);
    const text = (await page.getByRole('table', { name: 'Customers' }).textContent()) ?? '';
    for (const o of others) expect(text).not.toContain(o);
    expect(await page.locator(`[data-owner="${others[0]}"]`).count()).toBe(0);
    // The aggregates computed from other dealers' customers and connected vehicles, labelled as noised.
    const noised = page.getByTestId('noised-aggregates');
    await noised.waitFor();
    expect(await noised.textContent()).toContain('noised');
    await page.getByRole('table', { name: 'Network comparison' }).waitFor();
    await page.getByRole('table', { name: 'Market usage' }).waitFor();
    await page.screenshot({ path: screenshotPath('dealer-portal-needs'), fullPage: true });
  });

  it('is not offered to head office', async () => {
    const page = await loginAs(demo, 'nsc_marketing');
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Dealer portal');
  });
});
