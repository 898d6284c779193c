import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { compose, listen, type Platform } from '../../src/app';
import { loadConfig } from '../../src/config';
import { repoRoot } from '../../src/kernel';

/** Debian's chromium, as on the CI machine (Playwright's own download is unavailable here). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (the CI script does)`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function screenshotPath(name: string): string {
  const dir = resolve(repoRoot(), 'test-results');
  mkdirSync(dir, { recursive: true });
  return resolve(dir, `${name}.png`);
}

/** The platform in memory with a seeded demo market, listening on a free port, and a browser. */
export interface DemoPlatform {
  platform: Platform;
  base: string;
  browser: Browser;
}

export async function startDemo(opts: { vehicles: number; seed: number }): Promise<DemoPlatform> {
  const platform = await compose(loadConfig({}, { dataDir: 'memory', port: 0, logLevel: 'silent', demoVehicles: opts.vehicles, seed: opts.seed }));
  const base = (await listen(platform)).replace('127.0.0.1', 'localhost');
  return { platform, base, browser: await launchBrowser() };
}

export async function stopDemo(demo: DemoPlatform | undefined): Promise<void> {
  await demo?.browser.close();
  await demo?.platform.close();
}

/** A fresh browser context logged in through the dashboard's form as the demo user of `role`. */
export async function loginAs(demo: DemoPlatform, role: string, timeoutMs = 30_000): Promise<Page> {
  const user = demo.platform.demoUsers.find((u) => u.role === role);
  if (!user) throw new Error(`the demo has no user with role ${role}`);
  const page = await (await demo.browser.newContext()).newPage();
  page.setDefaultTimeout(timeoutMs);
  await page.goto(`${demo.base}/`);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('who').waitFor();
  return page;
}
