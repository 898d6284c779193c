import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../kernel';
import { createIngestor, createMemoryQuarantine, loadVssCatalog } from '../telemetry';
import { resolveScenario } from './scenario-io';
import { publishTelemetry } from './simulator-commands-cli';

const bin = resolve(repoRoot(), 'bin/forecourt.js');
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 180_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });

describe('forecourt simulate and evaluate', () => {
  it('writes the same files byte for byte for the same scenario and seed', () => {
    const a = mkdtempSync(join(tmpdir(), 'fc-sim-a-'));
    const b = mkdtempSync(join(tmpdir(), 'fc-sim-b-'));
    for (const out of [a, b]) {
      const r = run(['simulate', '--scenario', 'demo', '--vehicles', '40', '--seed', '5', '--days', '1', '--telemetry-vehicles', '2', '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/wrote .*vehicles/);
    }
    const files = readdirSync(a).sort();
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it('scores the strategies against the oracle and writes table, JSON and SVG', () => {
    const out = mkdtempSync(join(tmpdir(), 'fc-eval-'));
    const r = run(['evaluate', '--scenario', 'demo', '--months', '3', '--vehicles', '300', '--seed', '2', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/conversion-only/);
    expect(r.stdout).toMatch(/platform/);
    expect(r.stdout).toMatch(/oracle/);
    const json = JSON.parse(readFileSync(join(out, 'scorecard.json'), 'utf8'));
    expect(JSON.stringify(json)).toContain('oracle');
    expect(readFileSync(join(out, 'scorecard.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('rejects a bad flag value with a clear message', () => {
    const r = run(['simulate', '--vehicles', 'many']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--vehicles must be an integer');
  });
});

describe('streaming mode into the real MQTT broker', () => {
  it('publishes simulated telemetry that the platform’s ingest accepts point for point', async () => {
    const ingestor = createIngestor({ table: loadVssCatalog(), sink: createMemoryQuarantine(), // The platform's clock just after the simulated day: older points would be stale, later ones future.
      clock: () => new Date(Date.parse(resolveScenario('demo').startsAt) + 2 * 86_400_000) });
    const sub = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { clientId: `fc-sim-test-${process.pid}` });
    let received = 0;
    let accepted = 0;
    let rejected = 0;
    const wanted = 1500;
    const done = new Promise<void>((ok) => {
      sub.on('message', (topic, payload) => {
        const vin = topic.split('/')[2];
        const r = ingestor.ingestSimple(payload, { transport: 'mqtt', ...(vin ? { topicVin: vin } : {}) });
        received += r.offered;
        accepted += r.accepted;
        rejected += r.rejected;
        if (received >= wanted) ok();
      });
    });
    await sub.subscribeAsync('v1/tlm/+/points', { qos: 1 });
    const sent = await publishTelemetry({ scenario: 'demo', seed: 9, vehicles: 5, days: 1, url: 'mqtt://127.0.0.1:1883', pointsPerSecond: 0, limit: wanted });
    await done;
    await sub.endAsync();
    expect(sent.points).toBe(wanted);
    expect(received).toBe(wanted);
    expect(rejected).toBe(0);
    expect(accepted).toBe(wanted);
  });
});
