// Screenshots of every dashboard page, each taken as the role that works in it,
// for the README. Runs the platform in memory with the demo market and Debian's
// chromium; writes docs/screenshots/<page>.png.
//
//   npx tsx scripts/screenshots.ts
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { compose, listen } from '../src/app';
import { loadConfig } from '../src/config';
import { repoRoot } from '../src/kernel';
import { launchBrowser } from '../tests/e2e/browser';

const shots: { file: string; role: string; path: string; waitFor: string; act?: (page: import('playwright-core').Page) => Promise<void> }[] = [
  { file: 'overview', role: 'oem_admin', path: '/', waitFor: '[data-testid="total-vehicles"]' },
  { file: 'network', role: 'nsc_marketing', path: '/app/network', waitFor: 'svg' },
  { file: 'offers', role: 'nsc_marketing', path: '/app/offers', waitFor: 'table' },
  { file: 'planner', role: 'nsc_marketing', path: '/app/planner', waitFor: 'main h1', act: async (page) => {
    await page.getByRole('button', { name: 'Run plan' }).click();
    await page.locator('main table').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.locator('main svg').first().waitFor({ timeout: 60_000 });
  } },
  { file: 'measurement', role: 'nsc_marketing', path: '/app/measurement', waitFor: 'main h1' },
  { file: 'review', role: 'compliance_reviewer', path: '/app/review', waitFor: 'main h1' },
  { file: 'releases', role: 'release_manager', path: '/app/releases', waitFor: 'table' },
  { file: 'portal', role: 'dealer_principal', path: '/app/portal', waitFor: '[data-testid="noised-aggregates"]' },
  { file: 'claims', role: 'dealer_principal', path: '/app/claims', waitFor: 'main h1' },
  { file: 'consent', role: 'dpo', path: '/app/consent', waitFor: 'form' },
  { file: 'audit', role: 'dpo', path: '/app/audit', waitFor: 'table' },
];

const out = resolve(repoRoot(), 'docs/screenshots');
mkdirSync(out, { recursive: true });
const platform = await compose(loadConfig({}, { dataDir: 'memory', port: 0, logLevel: 'silent', demoVehicles: 500, seed: 42 }));
const base = (await listen(platform)).replace('127.0.0.1', 'localhost');
const browser = await launchBrowser();
try {
  for (const shot of shots) {
    const user = platform.demoUsers.find((u) => u.role === shot.role);
    if (!user) throw new Error(`no demo user for ${shot.role}`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('who').waitFor();
    await page.goto(`${base}${shot.path}`);
    await page.locator(shot.waitFor).first().waitFor({ timeout: 20_000 });
    if (shot.act) await shot.act(page);
    await page.waitForTimeout(800); // let charts settle
    await page.screenshot({ path: resolve(out, `${shot.file}.png`), fullPage: shot.file === 'planner' });
    process.stdout.write(`docs/screenshots/${shot.file}.png (${shot.role})\n`);
    await context.close();
  }
} finally {
  await browser.close();
  await platform.close();
}
