import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/app';
import type { Vehicle } from '../../src/domain';
import { createReleaseCampaign, releasesStore, ReleaseCampaignTemplate } from '../../src/releases';
import { loginAs, screenshotPath, startDemo, stopDemo, type DemoPlatform } from './browser';

let demo: DemoPlatform;
let platform: Platform;
let base: string;
let vehicle: Vehicle;
const day = 86_400_000;

beforeAll(async () => {
  demo = await startDemo({ vehicles: 300, seed: 5 });
  ({ platform, base } = demo);
  vehicle = (await platform.store.customers.listVehicles({ kind: 'global' }, { limit: 1, market: 'US' })).items[0]!;
  // Marketing has prepared a campaign bound to the feature; it waits for the release and the approval.
  await createReleaseCampaign(releasesStore(platform.store.db), ReleaseCampaignTemplate.parse({
    campaignId: 'cmp-e2e-hands-off', feature: 'hands_off_assist', offerId: 'off-us-adas-trial', markets: ['US'],
    creative: { headline: 'Try hands-off assist', body: 'A 90-day trial on mapped highways.', language: 'en' }, holdoutShare: 0,
  }), 'evt-e2e-campaign', new Date());
});
afterAll(async () => {
  await stopDemo(demo);
});


describe('release manager in the dashboard', () => {
  it('posts a release and its approval; the bound campaign launches and the adoption view shows its targets', async () => {
    const [major, minor] = vehicle.softwareVersion.split('.').map(Number) as [number, number];
    const version = `${major}.${minor + 1}.0`;
    const yesterday = new Date(Date.now() - day).toISOString();
    const release = { version, modelId: vehicle.modelId, publishedAt: yesterday, features: [{ code: 'hands_off_assist', change: 'added' }],
      hardwareVariantIds: [vehicle.hardwareVariantId], installableOn: `${major}.${minor}.x`, waves: [{ startsAt: yesterday, share: 1 }] };
    const approval = { feature: 'hands_off_assist', market: 'US', status: 'approved', issuedAt: yesterday, effectiveAt: yesterday, authority: 'NHTSA',
      certified: [{ modelId: vehicle.modelId, hardwareVariantId: vehicle.hardwareVariantId, versionRange: `>=${version}`, tokens: ['L2_HANDS_OFF:mapped_motorway'] }] };

    const page = await loginAs(demo, 'release_manager');
    await page.getByRole('link', { name: 'Releases' }).click();
    await page.getByLabel('JSON').fill(JSON.stringify(release));
    await page.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Accepted/);
    await page.getByLabel('Kind').selectOption('approvals');
    await page.getByLabel('JSON').fill(JSON.stringify(approval));
    await page.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Accepted/);

    await page.reload();
    await page.getByRole('table', { name: 'Releases' }).getByText(version).waitFor();
    await page.getByLabel('Feature').selectOption('hands_off_assist');
    await page.getByLabel('Market').selectOption('US');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByTestId('view-eligible').waitFor();
    const key = (await platform.identity.createApiKey({ name: 'e2e', nodeId: platform.demoUsers.find((u) => u.role === 'release_manager')!.nodeId, role: 'release_manager' })).key;
    const api = await (await fetch(`${base}/api/v1/release-view?feature=hands_off_assist&market=US`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(api.eligibleVehicles).toBeGreaterThan(0);
    // Targeted vehicles have a pending offer; it counts as made once delivered.
    expect(api.offersPending).toBe(api.eligibleVehicles);
    await expect.poll(() => page.getByTestId('view-eligible').locator('.value').textContent()).toBe(String(api.eligibleVehicles));
    expect(await page.getByTestId('view-offers').locator('.value').textContent()).toBe(String(api.offersMade));
    await page.screenshot({ path: screenshotPath('releases'), fullPage: true });
  });
});
