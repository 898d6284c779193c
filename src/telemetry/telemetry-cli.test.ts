import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeVin, repoRoot } from '../kernel';
import { openStore } from '../store';
import { encodeCompactBatch } from './compact-batch';
import { telemetryStore } from './telemetry-store';

const bin = resolve(repoRoot(), 'bin/forecourt.js');
const dir = mkdtempSync(join(tmpdir(), 'forecourt-replay-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, timeout: 240_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('forecourt replay (subprocess)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const vin = makeVin('1HG', 'CM826', 'R', 'A', 5);
  const now = Date.now();

  it('replays NDJSON and compact files into the database and prints totals per reason', async () => {
    const nd = join(dir, 'points.ndjson');
    const good = Array.from({ length: 5 }, (_, i) => JSON.stringify({ vin, path: 'Vehicle.Speed', value: 50 + i, ts: now - 60_000 + i * 1000, seq: i }));
    writeFileSync(nd, [...good, JSON.stringify({ vin, path: 'Vehicle.Nope', value: 1, ts: now }), '{broken', ''].join('\n'));
    const fcb = join(dir, 'batch.fcb');
    writeFileSync(fcb, encodeCompactBatch({ vin, t0: now - 30_000, seq: 100, ts: Float64Array.from([0, 1000, 2000]), paths: ['Vehicle.Speed'], columns: [Float64Array.from([60, 61, 999])] }));
    const data = join(dir, 'db');

    const a = run(['replay', nd, '--data-dir', data]);
    expect(a.err).not.toMatch(/\n\s+at /);
    expect(a.code).toBe(0);
    expect(a.out).toContain('offered 7, accepted 5, rejected 2, vehicles 1');
    expect(a.out).toMatch(/unknown_path\s+1/);
    expect(a.out).toMatch(/malformed_payload\s+1/);
    expect(a.err).toContain('replaying');

    const b = run(['replay', fcb, '--format', 'compact', '--data-dir', data]);
    expect(b.code).toBe(0);
    expect(b.out).toContain('offered 3, accepted 2, rejected 1');
    expect(b.out).toMatch(/out_of_range\s+1/);

    // The same NDJSON again: the saved seq window makes every point a duplicate.
    const c = run(['replay', nd, '--format', 'ndjson', '--data-dir', data]);
    expect(c.out).toMatch(/duplicate\s+5/);

    const store = await openStore({ dataDir: data });
    try {
      const counts = await telemetryStore(store.db).counters();
      expect(counts).toMatchObject({ 'points.accepted': 7, 'points.rejected': 10, 'reason.duplicate': 5 });
      expect(await telemetryStore(store.db).snapshot(vin)).toBeDefined();
    } finally {
      await store.close();
    }
  }, 300_000);

  it('refuses a missing file with a clear error and no stack trace', () => {
    const r = run(['replay', join(dir, 'nope.ndjson'), '--data-dir', 'memory']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('VALIDATION_FAILED');
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 120_000);
});
