import { describe, expect, it } from 'vitest';
import { createHmiRepository, directLedgerAccess, memoryPlacementLedger, type CardToPlace } from './hmi-repository';
import { createRepositoryBuilder, sha256Hex, type PublishedRepository } from './signing';
import { makeKeys, T0 } from './signing/test-fixtures';

const VIN_1 = '1HLVR2B51TA009001';
const VIN_2 = '1HLVR2B53TA009002';
const custom = { itemId: '01J0ABCDEFGHJKMNPQRSTVWXYZ', revision: 1, notBefore: '2026-11-01T00:00:00Z', notAfter: '2026-12-31T00:00:00Z' };

function cardFor(vin: string, offerId: string, campaignId: string | null = 'plan-x'): CardToPlace {
  const bytes = Buffer.from(JSON.stringify({ offerId, title: offerId }));
  return { vin, path: `oem/${offerId}/en-${sha256Hex(bytes).slice(0, 16)}.json`, bytes, sha256: sha256Hex(bytes), custom, slot: 'home-card-1', offerId, campaignId };
}

function setup() {
  const builder = createRepositoryBuilder({ keys: makeKeys(), clock: () => new Date(T0), placementBinBits: 2 });
  const ledger = memoryPlacementLedger();
  const published: PublishedRepository[] = [];
  let failNext = false;
  const repository = createHmiRepository({
    builder, withLedger: directLedgerAccess(ledger), pseudonymKey: Buffer.alloc(32, 3), clock: () => new Date(T0),
    publish: async (repo) => {
      if (failNext) { failNext = false; throw new Error('CDN unavailable'); }
      published.push(repo);
    },
  });
  return { builder, ledger, repository, published, failOnce: () => { failNext = true; } };
}

describe('HMI repository (placements ledger + TUF builder)', () => {
  it('places cards per vehicle and revokes one offer from one vehicle, dropping a target nobody lists', async () => {
    const s = setup();
    await s.repository.place(cardFor(VIN_1, 'off-a'));
    await s.repository.place(cardFor(VIN_1, 'off-b'));
    await s.repository.place(cardFor(VIN_2, 'off-b'));
    expect((await s.repository.cardsOf(VIN_1)).map((c) => c.offerId)).toEqual(['off-a', 'off-b']);
    const before = s.published.at(-1)!.versions.snapshot!;

    const r = await s.repository.revoke([{ vin: VIN_1, offerId: 'off-b' }, { vin: VIN_1, offerId: 'off-a' }, { vin: VIN_2, offerId: 'off-zzz' }]);
    expect(r.outcomes.map((o) => o.removed.length)).toEqual([1, 1, 0]);
    // off-a is listed by nobody now; off-b is still on vehicle 2.
    expect(r.droppedTargets).toEqual([cardFor(VIN_1, 'off-a').path]);
    expect(r.versions!.snapshot).toBeGreaterThan(before);
    expect(await s.repository.cardsOf(VIN_1)).toEqual([]);
    expect(s.builder.placementOf(s.repository.pseudonymOf(VIN_1))).toEqual([]);
    expect(s.builder.hasTarget(cardFor(VIN_2, 'off-b').path)).toBe(true);
    expect(s.builder.hasTarget(cardFor(VIN_1, 'off-a').path)).toBe(false);

    const none = await s.repository.revoke([{ vin: VIN_1, offerId: 'off-a' }]);
    expect(none).toMatchObject({ versions: null, droppedTargets: [] });
  });

  it('refresh re-signs the online metadata with a later expiry and a higher version, cards unchanged', async () => {
    let now = Date.parse(T0);
    const builder = createRepositoryBuilder({ keys: makeKeys(), clock: () => new Date(now), placementBinBits: 2 });
    const published: PublishedRepository[] = [];
    const repository = createHmiRepository({
      builder, withLedger: directLedgerAccess(memoryPlacementLedger()), pseudonymKey: Buffer.alloc(32, 3), clock: () => new Date(now),
      publish: async (repo) => { published.push(repo); },
    });
    await repository.place(cardFor(VIN_1, 'off-a'));
    const expiresOf = (repo: PublishedRepository) => (JSON.parse(Buffer.from(repo.files.get('timestamp.json')!).toString()) as { signed: { expires: string } }).signed.expires;
    const first = published.at(-1)!;
    now += 20 * 3_600_000;
    const versions = await repository.refresh();
    const second = published.at(-1)!;
    expect(versions.timestamp).toBeGreaterThan(first.versions.timestamp!);
    expect(Date.parse(expiresOf(second)) - Date.parse(expiresOf(first))).toBe(20 * 3_600_000);
    expect((await repository.cardsOf(VIN_1)).map((c) => c.offerId)).toEqual(['off-a']);
  });

  it('only revokes cards of the given campaign when one is named', async () => {
    const s = setup();
    await s.repository.place(cardFor(VIN_1, 'off-a', 'plan-1'));
    expect((await s.repository.revoke([{ vin: VIN_1, offerId: 'off-a', campaignId: 'plan-2' }])).outcomes[0]!.removed).toEqual([]);
    expect((await s.repository.revoke([{ vin: VIN_1, offerId: 'off-a', campaignId: 'plan-1' }])).outcomes[0]!.removed).toHaveLength(1);
  });

  it('undoes a mutation whose publish failed, stays dirty, and publishes on flush', async () => {
    const s = setup();
    await s.repository.place(cardFor(VIN_1, 'off-a'));
    const pv = s.repository.pseudonymOf(VIN_1);
    s.failOnce();
    await expect(s.repository.place(cardFor(VIN_1, 'off-b'))).rejects.toThrow(/CDN unavailable/);
    expect((await s.repository.cardsOf(VIN_1)).map((c) => c.offerId)).toEqual(['off-a']);
    expect(s.builder.placementOf(pv).map((e) => e.path)).toEqual([cardFor(VIN_1, 'off-a').path]);
    expect(s.builder.hasTarget(cardFor(VIN_1, 'off-b').path)).toBe(false);
    expect(s.repository.dirty).toBe(true);

    s.failOnce();
    await expect(s.repository.revoke([{ vin: VIN_1, offerId: 'off-a' }])).rejects.toThrow(/CDN unavailable/);
    // Nothing was lost: the card is still in the ledger, the builder and its target, so a retry revokes it.
    expect((await s.repository.cardsOf(VIN_1)).map((c) => c.offerId)).toEqual(['off-a']);
    expect(s.builder.hasTarget(cardFor(VIN_1, 'off-a').path)).toBe(true);
    const published = s.published.length;
    expect(await s.repository.flush()).not.toBeNull();
    expect(s.published.length).toBe(published + 1);
    expect(await s.repository.flush()).toBeNull();
    expect((await s.repository.revoke([{ vin: VIN_1, offerId: 'off-a' }])).outcomes[0]!.removed).toHaveLength(1);
  });

  it('keeps at most 20 cards per vehicle, the newest', async () => {
    const s = setup();
    for (let i = 0; i < 22; i++) await s.repository.place(cardFor(VIN_1, `off-${i}`));
    const cards = await s.repository.cardsOf(VIN_1);
    expect(cards).toHaveLength(20);
    expect(cards[0]!.offerId).toBe('off-2');
    expect(s.builder.hasTarget(cardFor(VIN_1, 'off-0').path)).toBe(false);
  });
});
