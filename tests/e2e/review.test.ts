import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/app';
import { reviewStore } from '../../src/compliance';
import { loginAs, screenshotPath, startDemo, stopDemo, type DemoPlatform } from './browser';

let demo: DemoPlatform;
let platform: Platform;
let reviewId: string;

beforeAll(async () => {
  demo = await startDemo({ vehicles: 100, seed: 3 });
  ({ platform } = demo);
  const owner = platform.demoUsers.find((u) => u.role === 'compliance_reviewer')!.nodeId;
  const opened = await reviewStore(platform.store.db).open({
    market: 'UK', channel: 'hmi_card', vehicle: { model: 'Halden Vireo', adasLevel: 2, certifiedFeatures: [] },
    consent: { telematicsMarketing: true, channelMarketing: true }, text: 'Sit back: your Vireo drives itself on the motorway.',
  }, owner, 'e2e', new Date());
  reviewId = opened.item.id;
});
afterAll(async () => {
  await stopDemo(demo);
});


describe('compliance reviewer in the dashboard', () => {
  it('sees the blocked message with the offending words marked and the rule, then rewrites it until it passes', async () => {
    const page = await loginAs(demo, 'compliance_reviewer');
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
    const page = await loginAs(demo, 'dealer_service');
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Compliance review');
  });
});
