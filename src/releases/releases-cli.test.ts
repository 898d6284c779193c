import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, directorySource, installTrustedRoot } from '../../packages/verifier/src/index';
import { openHmiRepository } from '../delivery';
import { systemClock } from '../kernel';
import { openStore } from '../store';
import { releasesStore } from './releases-store';
import { runForecourt } from '../testing';

const VIN = '1HLVR2B51TA005001';
const ITEM = '01J0ABCDEFGHJKMNPQRSTVWXYZ';

const run = (args: string[]) => runForecourt(args);

describe('forecourt releases dispatch / revoke-cards', () => {
  const base = mkdtempSync(join(tmpdir(), 'fc-releases-cli-'));
  const dataDir = join(base, 'data');
  const repoDir = join(base, 'repo');
  const keyDir = join(base, 'keys');
  let pseudonym = '';

  beforeAll(async () => {
    // A vehicle holds a card of the campaign's offer, and a rollback left its revocation pending.
    const store = await openStore({ dataDir });
    const { repository } = await openHmiRepository(store.db, { repoDir, keyDir }, systemClock, { placementBinBits: 2 });
    const bytes = Buffer.from(JSON.stringify({ itemId: ITEM, kind: 'offerCard', locale: 'en-US', title: 'Hands-off trial', body: 'Body.', cta: { action: 'CONTACT_DEALER' } }));
    await repository.place({ vin: VIN, path: 'oem/off-cli/en-card.json', bytes, sha256: createHash('sha256').update(bytes).digest('hex'), slot: 'home-card-1', offerId: 'off-cli', campaignId: 'plan-cli',
      custom: { itemId: ITEM, revision: 1, notBefore: '2020-01-01T00:00:00Z', notAfter: '2099-01-01T00:00:00Z' } });
    pseudonym = repository.pseudonymOf(VIN);
    await releasesStore(store.db).applyRetractions([{ campaignId: 'cmp-cli', vin: VIN, offerId: 'off-cli', action: 'revoke', reason: 'update_rolled_back', detail: 'rolled back', cardStatus: 'pending' }], new Date());
    await store.close();
  }, 120_000);
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('has --help for its commands, and outbox run offers the in-vehicle channel', async () => {
    const expected: [string[], string][] = [[['releases', 'dispatch'], '--contact-share'], [['releases', 'revoke-cards'], '--keys <dir>'], [['outbox', 'run'], '--hmi-repo <dir>']];
    for (const [c, option] of expected) {
      const r = await run([...c, '--help']);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(`Usage: forecourt ${c.join(' ')}`);
      expect(r.out).toContain(option);
    }
  }, 300_000);

  it('revokes the pending card once and publishes a version the car accepts', async () => {
    const missing = await run(['releases', 'revoke-cards', '--data-dir', dataDir]);
    expect(missing.err).toContain('revoke-cards needs --repo and --keys');
    const first = await run(['releases', 'revoke-cards', '--repo', repoDir, '--keys', keyDir, '--data-dir', dataDir]);
    expect(first.out, first.err).toContain('1 pending: 1 revoked, 0 without a card; published snapshot');
    const again = await run(['releases', 'revoke-cards', '--repo', repoDir, '--keys', keyDir, '--data-dir', dataDir]);
    expect(again.out, again.err).toContain('0 pending: 0 revoked, 0 without a card; nothing published');
    const cacheDir = mkdtempSync(join(base, 'car-'));
    await installTrustedRoot(cacheDir, await readFile(join(repoDir, '1.root.json')));
    const shown = await createVerifier({ cacheDir, source: directorySource(repoDir), policy: { platform: 'hmi', allowedUrlHosts: [] } })
      .verify({ vehicleId: pseudonym, vehicleState: { gear: 'P', speedKph: 0 }, now: new Date() });
    expect(shown).toMatchObject({ ok: true, offers: [] });
    // The daily refresh re-signs the repository; the same car accepts the newer version.
    const refreshed = await run(['outbox', 'refresh-hmi', '--hmi-repo', repoDir, '--hmi-keys', keyDir, '--data-dir', dataDir]);
    expect(refreshed.out, refreshed.err).toMatch(/published snapshot \d+, timestamp \d+: valid for the next 24 hours/);
    const after = await createVerifier({ cacheDir, source: directorySource(repoDir), policy: { platform: 'hmi', allowedUrlHosts: [] } })
      .verify({ vehicleId: pseudonym, vehicleState: { gear: 'P', speedKph: 0 }, now: new Date() });
    expect(after).toMatchObject({ ok: true, offers: [] });
  }, 300_000);
});
