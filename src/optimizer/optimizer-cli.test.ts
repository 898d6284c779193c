import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { loadPlanFixture } from './plan-fixture';
import { runForecourt } from '../testing';


const run = (args: string[]) => runForecourt(args);

describe('forecourt plan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fc-plan-'));
  beforeAll(async () => {
    const store = await openStore({ dataDir: dir });
    await loadPlanFixture(store, 30, { validFrom: '2026-01-01T00:00:00.000Z', validTo: '2036-01-01T00:00:00.000Z' });
    await store.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has --help for its commands', async () => {
    for (const c of [['plan'], ['plan', 'spend']]) {
      const r = await run([...c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: forecourt ${c.join(' ')}`);
    }
  }, 120_000);

  it('plans from stored data and delivers through the gate in one command; a second run of delivery enqueues nothing new', async () => {
    const dry = await run(['plan', '--market', 'US', '--mode', 'exact', '--deliver', '--dry-run', '--data-dir', dir]);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toMatch(/value [\d.]+, bound [\d.]+, gap [\d.]+ %/);
    expect(dry.out).toContain('budget:fund-spring');
    expect(dry.out).toContain('dry run: delivery of');
    const real = await run(['plan', '--market', 'US', '--mode', 'exact', '--deliver', '--data-dir', dir]);
    expect(real.code, real.err).toBe(0);
    expect(real.out).toMatch(/blocked message\(s\) are in the review queue/);
    const queued = [...real.out.matchAll(/\tqueued (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
    expect(queued).toBeGreaterThan(0);
    const blocked = [...real.out.matchAll(/blocked (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
    expect(blocked).toBeGreaterThan(0);
    const planId = /^plan (pln-[0-9a-f]+)/m.exec(real.out)![1]!;
    const again = await run(['plan', '--plan', planId, '--deliver', '--data-dir', dir]);
    expect(again.code, again.err).toBe(0);
    expect([...again.out.matchAll(/\tqueued (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0)).toBe(0);
    expect([...again.out.matchAll(/already queued (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0)).toBe(queued);
  }, 240_000);

  it('compares what-if scenarios for regional spend', async () => {
    const r = await run(['plan', 'spend', '--budget', '5000', '--what-if', 'budget+10,budget-10,close:dlr-a', '--data-dir', dir]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('spend plan US, budget 5000');
    for (const s of ['base', 'budget+10', 'budget-10', 'close:dlr-a']) expect(r.out).toMatch(new RegExp(`^${s.replace('+', '\\+')}\\t`, 'm'));
    const bad = await run(['plan', 'spend', '--budget', '5000', '--what-if', 'close:dlr-zzz', '--data-dir', dir]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('VALIDATION_FAILED');
  }, 120_000);
});
