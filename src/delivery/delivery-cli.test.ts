import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogStore, parseCatalogOffer } from '../offers';
import { globalScope, openStore } from '../store';
import { brakeOffer } from './delivery-fixture';
import { openDeliveryTestStore } from './delivery-test-setup-io';
import { startFakeHttpProvider, type FakeHttpProvider } from './fake-provider-io';
import { runForecourt } from '../testing';


const run = (args: string[]) => runForecourt(args);

describe('forecourt deliver / outbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fc-deliver-'));
  let fake: FakeHttpProvider;

  beforeAll(async () => {
    const store = await openDeliveryTestStore(await openStore({ dataDir: dir }));
    await catalogStore(store.db).put(globalScope, parseCatalogOffer({ ...brakeOffer, id: 'off-brake-now', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2036-01-01T00:00:00.000Z' }));
    await store.close();
    fake = await startFakeHttpProvider();
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has --help for its commands', async () => {
    for (const c of [['deliver'], ['outbox', 'run'], ['outbox', 'status']]) {
      const r = await run([...c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: forecourt ${c.join(' ')}`);
    }
  }, 180_000);

  it('enqueues through the gate (dry run first), then sends to the configured providers once', async () => {
    const dry = await run(['deliver', '--offer', 'off-brake-now', '--owners', 'own-1,own-3', '--channels', 'push,sms', '--dry-run', '--data-dir', dir]);
    expect(dry.out, dry.err).toContain('dry run: 2 queued');
    const real = await run(['deliver', '--offer', 'off-brake-now', '--owners', 'own-1,own-3', '--channels', 'push,sms', '--data-dir', dir]);
    expect(real.out, real.err).toContain('2 queued, 0 already queued, 0 blocked');
    expect((await run(['outbox', 'run', '--data-dir', dir])).err).toContain('error [VALIDATION_FAILED]: no channel configured');
    const sent = await run(['outbox', 'run', '--push-url', fake.url, '--sms-url', fake.url, '--data-dir', dir]);
    expect(sent.out, sent.err).toContain('sent 2');
    expect(fake.delivered.size).toBe(2);
    expect((await run(['outbox', 'status', '--data-dir', dir])).out).toContain('queued 0, sending 0, sent 2, dead 0');
  }, 300_000);
});
