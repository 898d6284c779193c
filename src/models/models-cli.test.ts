import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../kernel';

const bin = resolve(repoRoot(), 'bin/forecourt.js');
const dir = mkdtempSync(join(tmpdir(), 'fc-models-cli-'));
const dataDir = join(dir, 'data');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, timeout: 240_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('forecourt models', { timeout: 300_000 }, () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds logs, trains on stored data, registers the version and lists it', () => {
    const seeded = run(['models', 'seed-logs', '--data-dir', dataDir, '--vehicles', '150', '--months', '3']);
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.out).toMatch(/^wrote \d+ exposures and \d+ outcomes/);
    const trained = run(['models', 'train', '--source', 'store', '--data-dir', dataDir, '--method', 't', '--base', 'logistic', '--promote']);
    expect(trained.code, trained.err).toBe(0);
    expect(trained.out).toContain('registered service-offer-uplift@1 (t-learner, logistic');
    expect(trained.out).toMatch(/arm1\.qiniAuc/);
    const list = run(['models', 'list', '--data-dir', dataDir, '--json']);
    expect(list.code, list.err).toBe(0);
    const versions = JSON.parse(list.out) as { id: string; status: string; features: string[] }[];
    expect(versions.map((v) => [v.id, v.status])).toEqual([['service-offer-uplift@1', 'live']]);
    expect(versions[0]!.features).toContain('monthsSinceService');
  });

  it('evaluates on stored data and writes the table with its command into a Markdown file', () => {
    const doc = join(dir, 'quality.md');
    writeFileSync(doc, '# Quality\n\nkept text\n');
    const r = run(['models', 'evaluate', '--source', 'store', '--data-dir', dataDir, '--splits', '2', '--methods', 't', '--base', 'logistic', '--write-doc', '--doc', doc]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\| service-0 \| t-learner \| logistic \| 2 \|/);
    const text = readFileSync(doc, 'utf8');
    expect(text).toContain('kept text');
    expect(text).toContain('forecourt models evaluate --source store --splits 2 --base logistic --methods t');
    expect(text).toContain('<!-- models-evaluate-store-logistic:begin -->');
  });

  it('trains and evaluates on the Hillstrom file', () => {
    const t = run(['models', 'train', '--source', 'hillstrom', '--data-dir', dataDir, '--contrast', 'womens', '--method', 't', '--base', 'logistic']);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toContain('registered hillstrom-womens-visit@1 (t-learner, logistic, 42693 rows');
    const e = run(['models', 'evaluate', '--source', 'hillstrom', '--splits', '1', '--methods', 't', '--base', 'logistic', '--contrasts', 'womens', '--outcomes', 'visit']);
    expect(e.code, e.err).toBe(0);
    expect(e.out).toMatch(/\| womens vs none \| visit \| t-learner \| logistic \| 1 \|/);
  });

  it('reports the simulator evaluation (item 9) on a small market', () => {
    const r = run(['models', 'simulate-eval', '--scenario', 'demo', '--seed', '1', '--months', '3', '--vehicles', '150', '--ope-months', '3', '--json']);
    expect(r.code, r.err).toBe(0);
    const e = JSON.parse(r.out) as { scorecard: { strategy: string }[]; clv: { deciles: unknown[] }; ope: { realisedValue: number; estimates: { dr: { value: number } } } };
    expect(e.scorecard.map((s) => s.strategy)).toEqual(['no-action', 'conversion-only', 'platform', 'oracle']);
    expect(e.clv.deciles).toHaveLength(10);
    expect(Number.isFinite(e.ope.estimates.dr.value)).toBe(true);
  });

  it('rejects bad flags with a clear error', () => {
    const r = run(['models', 'train', '--source', 'nowhere', '--data-dir', dataDir]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('--source must be hillstrom or store');
  });
});
