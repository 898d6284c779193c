import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVerifier, installTrustedRoot, memorySource } from '../../packages/verifier/src/index';
import { instantiateChannel, memoryLedger, type ChannelDefinition } from './channel';
import { createHmiChannel } from './channels';
import { clearedTestMessage, NOW, recipient, TEST_CODE } from './delivery-fixture';
import { createRepositoryBuilder, generateEd25519Signer, vehiclePseudonym, type PublishedRepository } from './signing';

/**
 * End to end for the in-vehicle channel: a cleared message goes out through the HMI channel
 * (signed TUF target + per-vehicle placement), and the standalone verifier on the "head unit"
 * accepts it, shows it only when parked, and shows exactly the cleared text.
 */
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('HMI channel → standalone verifier', () => {
  it('publishes a card the vehicle verifies and shows only when parked', async () => {
    const g = () => generateEd25519Signer();
    const builder = createRepositoryBuilder({ keys: { root: { signers: [g(), g(), g()], threshold: 2 }, targets: { signers: [g(), g(), g()], threshold: 2 }, nsc: {}, snapshot: g(), timestamp: g(), placement: g() }, clock: () => NOW, placementBinBits: 2 });
    let repo: PublishedRepository | undefined;
    const key = Buffer.alloc(32, 9);
    const channel = createHmiChannel({ builder, publish: async (r) => { repo = r; }, pseudonymKey: key, vehicleMoving: async () => false });
    const cleared = clearedTestMessage('hmi');
    await instantiateChannel(channel as unknown as ChannelDefinition<unknown>, {}, { ledger: memoryLedger() }).send(cleared);

    const cacheDir = await mkdtemp(join(tmpdir(), 'fc-hmi-'));
    dirs.push(cacheDir);
    await installTrustedRoot(cacheDir, repo!.initialRoot);
    const verifier = createVerifier({ cacheDir, source: memorySource(new Map(repo!.files)), policy: { platform: 'hmi', allowedUrlHosts: [] } });
    const vehicleId = vehiclePseudonym(recipient.vin!, key);
    expect(JSON.stringify([...repo!.files.keys()])).not.toContain(recipient.vin!);

    const parked = await verifier.verify({ vehicleId, vehicleState: { gear: 'P', speedKph: 0 }, now: NOW });
    expect(parked.ok).toBe(true);
    if (!parked.ok) return;
    expect(parked.show).toBe(true);
    expect(parked.offers).toHaveLength(1);
    const card = parked.offers[0]!.card;
    expect([card.title, card.body, card.disclaimer].filter(Boolean).join('\n')).toBe(cleared.complianceInput.text);
    expect(card.disclaimer).toContain(TEST_CODE);

    const moving = await verifier.verify({ vehicleId, vehicleState: { gear: 'D', speedKph: 50 }, now: NOW });
    expect(moving).toMatchObject({ ok: true, show: false, reason: 'not_parked' });
  });
});
