import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../domain';
import { globalScope, type Store } from '../store';
import { instantiateChannel, type ChannelDefinition, type ChannelSender } from './channel';
import { pushChannel, smsChannel, emailChannel } from './channels';
import { deliveryStore } from './deliver-offer-store';
import { NOW } from './delivery-fixture';
import { openDeliveryTestStore, resetDeliveryState } from './delivery-test-setup-io';
import { startFakeHttpProvider, startFakeSmtpServer, type FakeHttpProvider, type FakeSmtpServer } from './fake-provider-io';
import { backoffMs, outboxStore } from './outbox-store';
import { createOutboxWorker } from './outbox-worker';
import { checkRedemptionCode } from './redemption-code';
import { redemptionStore } from './redemption-store';

const asDef = (d: unknown) => d as ChannelDefinition<unknown>;
const backoff = { baseMs: 60_000, maxMs: 3_600_000 };

describe('outbox orchestration (PGlite)', () => {
  let store: Store;
  let fake: FakeHttpProvider;
  let smtp: FakeSmtpServer;
  let t: Date;
  const clock = () => t;
  let channels: Map<Channel, ChannelSender>;

  beforeAll(async () => {
    store = await openDeliveryTestStore();
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await resetDeliveryState(store);
    fake = await startFakeHttpProvider();
    smtp = await startFakeSmtpServer();
    t = NOW;
    const ledger = outboxStore(store.db).ledger();
    channels = new Map<Channel, ChannelSender>([
      ['push', instantiateChannel(asDef(pushChannel), { url: fake.url }, { ledger, timeoutMs: 2_000 })],
      ['sms', instantiateChannel(asDef(smsChannel), { url: fake.url, from: 'HALDEN' }, { ledger, timeoutMs: 2_000 })],
      ['email', instantiateChannel(asDef(emailChannel), { host: smtp.host, port: smtp.port, requireTls: false, from: 'offers@halden.example' }, { ledger, timeoutMs: 2_000 })],
    ]);
  });
  afterEach(async () => {
    await fake.close();
    await smtp.close();
  });

  const worker = (id = 'w1') => createOutboxWorker({ db: store.db, channels, clock, workerId: id, backoff, leaseMs: 30_000 });

  it('enqueues once per idempotency key and sends each message exactly once', async () => {
    const d = deliveryStore(store.db);
    const first = await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1', 'own-3'], channels: ['push', 'sms'] }, { now: t });
    expect(first.owners.map((o) => [o.ownerId, o.status, o.deliveries.find((x) => x.status === 'queued')?.channel])).toEqual([['own-1', 'queued', 'push'], ['own-3', 'queued', 'sms']]);
    const again = await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1', 'own-3'], channels: ['push', 'sms'] }, { now: t });
    expect(again.owners.flatMap((o) => o.deliveries.filter((x) => x.outboxId).map((x) => x.status))).toEqual(['duplicate', 'duplicate']);
    expect((await outboxStore(store.db).counts()).queued).toBe(2);
    const summary = await worker().runUntilIdle();
    expect(summary).toMatchObject({ sent: 2, dead: 0 });
    expect(await worker('w2').runUntilIdle()).toMatchObject({ claimed: 0 });
    expect(fake.delivered.size).toBe(2);
    expect(fake.requests.length).toBe(2);
    const rows = await outboxStore(store.db).list();
    expect(rows.every((r) => r.status === 'sent' && r.providerMessageId)).toBe(true);
  });

  it('retries provider errors with exponential backoff, then dead-letters with the reason', async () => {
    await deliveryStore(store.db).deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['push'] }, { now: t });
    fake.mode = 'error';
    const outbox = outboxStore(store.db);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const s = await worker().runOnce();
      expect(s.claimed).toBe(1);
      const [row] = await outbox.list();
      if (row!.status === 'dead') break;
      waits.push(Date.parse(row!.nextAttemptAt) - t.getTime());
      t = new Date(row!.nextAttemptAt);
    }
    expect(waits).toEqual([1, 2, 3, 4, 5].map((n) => backoffMs(n, backoff)));
    const [dead] = await outbox.list();
    expect(dead).toMatchObject({ status: 'dead', attempts: 6 });
    expect(dead!.deadReason).toMatch(/^provider_error/);
    expect(fake.delivered.size).toBe(0);
  });

  it('recovers after a transient error and still delivers once', async () => {
    await deliveryStore(store.db).deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['email'] }, { now: t });
    smtp.mode = 'error';
    expect(await worker().runOnce()).toMatchObject({ retried: 1 });
    smtp.mode = 'ok';
    expect(await worker().runOnce()).toMatchObject({ claimed: 0 });
    t = new Date(t.getTime() + backoffMs(1, backoff));
    expect(await worker().runOnce()).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(['ana@example.com']);
  });

  it('a sender that lost its lease cannot mark the row; the new owner sends it once', async () => {
    await deliveryStore(store.db).deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['push'] }, { now: t });
    const outbox = outboxStore(store.db);
    const [claimed] = await outbox.claim('crashed', t, 30_000, 10);
    expect(claimed).toBeDefined();
    expect(await outbox.claim('other', t, 30_000, 10)).toEqual([]);
    t = new Date(t.getTime() + 31_000);
    expect(await worker('w2').runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await outbox.complete(claimed!.id, 'crashed', 'late-id', t)).toBe(false);
    expect((await outbox.list())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.delivered.size).toBe(1);
  });

  it('caps contacts per owner across all channels', async () => {
    const d = deliveryStore(store.db);
    await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['push'] }, { now: t });
    const capped = await d.deliverOffer(globalScope, { offerId: 'off-tyres', ownerIds: ['own-1'], channels: ['email'] }, { now: new Date(t.getTime() + 3_600_000) });
    expect(capped.owners[0]!.deliveries.find((x) => x.channel === 'email')!.reasons[0]).toMatch(/^frequency_cap: 1 per 24 h/);
    const nextDay = await d.deliverOffer(globalScope, { offerId: 'off-tyres', ownerIds: ['own-1'], channels: ['email'] }, { now: new Date(t.getTime() + 25 * 3_600_000) });
    expect(nextDay.owners[0]!.status).toBe('queued');
  });

  it('chooses channels by preference and consent, and never schedules HMI for a moving vehicle', async () => {
    const d = deliveryStore(store.db);
    await d.setPreferences('own-1', ['sms', 'email', 'push'], t);
    const vin = (await store.customers.listVehicles(globalScope, { limit: 10 })).items.find((v) => v.ownerId === 'own-1')!.vin;
    await d.recordVehicleState(vin, true, t);
    const r = await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1', 'own-2', 'own-3'], channels: ['hmi', 'sms', 'email'], maxChannelsPerOwner: 3 }, { now: t, caps: [] });
    const byOwner = Object.fromEntries(r.owners.map((o) => [o.ownerId, o.deliveries.map((x) => `${x.channel}:${x.status}${x.reasons[0] ? `:${x.reasons[0]}` : ''}`)]));
    expect(byOwner['own-1']).toEqual(['hmi:skipped:vehicle_moving', 'sms:queued', 'email:queued']);
    expect(byOwner['own-2']).toEqual(expect.arrayContaining(['sms:skipped:no_consent', 'email:skipped:no_consent', 'hmi:skipped:no_consent']));
    expect(byOwner['own-3']).toEqual(expect.arrayContaining(['sms:queued', 'email:skipped:no_consent']));
  });

  it('puts the same offer and the same signed code in every channel', async () => {
    const d = deliveryStore(store.db);
    await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['push', 'email', 'sms'], maxChannelsPerOwner: 3 }, { now: t, caps: [] });
    const rows = await outboxStore(store.db).list();
    expect(rows).toHaveLength(3);
    const msgs = rows.map((r) => r.stored.message as { offer: { redemptionCode: string; termsText: string }; copy: { disclaimer: string } });
    expect(new Set(msgs.map((m) => m.offer.redemptionCode)).size).toBe(1);
    expect(new Set(msgs.map((m) => m.offer.termsText))).toEqual(new Set(['$159 instead of $199']));
    for (const m of msgs) expect(m.copy.disclaimer).toContain(m.offer.redemptionCode);
    const key = await redemptionStore(store.db).key();
    expect(checkRedemptionCode(msgs[0]!.offer.redemptionCode, key.publicKey, t, 'off-brake-pads')).toMatchObject({ valid: true });
    expect(checkRedemptionCode(msgs[0]!.offer.redemptionCode, key.publicKey, t, 'off-tyres')).toEqual({ valid: false, reason: 'wrong_offer' });
  });

  it('redemption codes are checked at the dealer and redeemed once, only by the owner’s tenant', async () => {
    const codes = redemptionStore(store.db);
    const code = await codes.codeFor({ offerId: 'off-brake-pads', ownerId: 'own-1', dealerId: 'dlr-a', expiresAt: new Date('2026-06-01T00:00:00Z'), now: t });
    expect(await codes.codeFor({ offerId: 'off-brake-pads', ownerId: 'own-1', dealerId: 'dlr-a', expiresAt: new Date('2026-06-01T00:00:00Z'), now: t })).toBe(code);
    const dlrA = { kind: 'node', nodeId: 'dlr-a', path: '/oem/nsc-us/dist-us-west/dlr-a/' } as const;
    const dlrB = { kind: 'node', nodeId: 'dlr-b', path: '/oem/nsc-us/dist-us-west/dlr-b/' } as const;
    expect(await codes.redeem(dlrB, code, 'dlr-b', t)).toBeUndefined();
    expect(await codes.redeem(dlrA, code, 'dlr-a', t)).toMatchObject({ status: 'redeemed', offerId: 'off-brake-pads' });
    expect(await codes.redeem(dlrA, code, 'dlr-a', t)).toMatchObject({ status: 'already_redeemed' });
    const flipped = code.slice(0, 20) + (code[20] === 'A' ? 'B' : 'A') + code.slice(21);
    expect(await codes.redeem(dlrA, flipped, 'dlr-a', t)).toMatchObject({ status: 'invalid' });
    expect(await codes.redeem(dlrA, code, 'dlr-a', new Date('2026-07-01T00:00:00Z'))).toEqual({ status: 'invalid', reason: 'expired' });
  });

  it('a consent withdrawn after enqueueing stops the send', async () => {
    await deliveryStore(store.db).deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['push'] }, { now: t });
    await store.customers.recordConsent({ ownerId: 'own-1', purpose: 'marketing_contact', channel: 'push', granted: false, actor: 'own-1', source: 'app', at: t.toISOString() });
    expect(await worker().runOnce()).toMatchObject({ dead: 1 });
    expect((await outboxStore(store.db).list())[0]!.deadReason).toBe('consent_withdrawn');
    expect(fake.requests).toHaveLength(0);
  });

  it('a batch with an owner outside the caller’s tenant is a 404 as a whole', async () => {
    const dlrA = { kind: 'node', nodeId: 'dlr-a', path: '/oem/nsc-us/dist-us-west/dlr-a/' } as const;
    await expect(deliveryStore(store.db).deliverOffer(dlrA, { offerId: 'off-brake-pads', ownerIds: ['own-1', 'own-3'], channels: ['push'] }, { now: t })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await outboxStore(store.db).list()).toEqual([]);
  });
});
