import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../domain';
import { globalScope, type Store } from '../store';
import type { ChannelSender } from './channel';
import { deliveryStore } from './deliver-offer-store';
import { NOW } from './delivery-fixture';
import { openDeliveryTestStore, resetDeliveryState } from './delivery-test-setup-io';
import { CANCELLED_PREFIX, outboxStore } from './outbox-store';
import { createOutboxWorker } from './outbox-worker';

/**
 * Cancelling outbox messages (a release retraction suppresses an offer before it is sent):
 * a cancelled message is never handed to a channel, whether it was still queued or already
 * claimed by a worker in the same batch; a message the provider accepted stays sent.
 */
describe('outbox cancel (PGlite)', () => {
  let store: Store;
  const sent: string[] = [];
  let onSend: (ownerId: string) => Promise<void> = async () => undefined;
  const recorder = (code: Channel): ChannelSender => ({
    code, description: 'records what it sends',
    async send(cleared) {
      const ownerId = (cleared as { message: { recipient: { ownerId: string } } }).message.recipient.ownerId;
      sent.push(ownerId);
      await onSend(ownerId);
      return { providerMessageId: `rec-${ownerId}`, duplicate: false };
    },
  });
  const worker = () => createOutboxWorker({ db: store.db, clock: () => NOW, workerId: 'cancel-test', channels: new Map([['push', recorder('push')], ['sms', recorder('sms')]]) });
  const enqueue = async () => {
    const r = await deliveryStore(store.db).deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1', 'own-3'], channels: ['push', 'sms'] }, { now: NOW });
    return Object.fromEntries(r.owners.map((o) => [o.ownerId, o.deliveries.find((d) => d.outboxId)!.outboxId!]));
  };

  beforeAll(async () => { store = await openDeliveryTestStore(); });
  afterAll(async () => { await store.close(); });
  beforeEach(async () => {
    await resetDeliveryState(store);
    sent.length = 0;
    onSend = async () => undefined;
  });

  it('never sends a queued message that was cancelled', async () => {
    const ids = await enqueue();
    const outcome = await outboxStore(store.db).cancel([ids['own-3']!, 'dlv-unknown'], 'retracted', NOW);
    expect(Object.fromEntries(outcome)).toEqual({ [ids['own-3']!]: 'cancelled', 'dlv-unknown': 'not_found' });
    expect(await worker().runUntilIdle()).toMatchObject({ sent: 1, cancelled: 0 });
    expect(sent).toEqual(['own-1']);
    const row = (await outboxStore(store.db).list()).find((r) => r.id === ids['own-3'])!;
    expect(row).toMatchObject({ status: 'dead', sentAt: null, providerMessageId: null, deadReason: `${CANCELLED_PREFIX}retracted` });
    // Cancelled rows are not contacts for frequency caps.
    expect(await outboxStore(store.db).contactTimes('own-3', new Date(0))).toEqual([]);
  });

  it('never sends a message cancelled after a worker claimed it, and leaves a sent one sent', async () => {
    const ids = await enqueue();
    const other = (ownerId: string) => (ownerId === 'own-1' ? 'own-3' : 'own-1');
    // Both rows are claimed in one batch; while the first is being sent, the second is cancelled.
    onSend = async (ownerId) => {
      onSend = async () => undefined;
      const outcome = await outboxStore(store.db).cancel([ids[other(ownerId)]!], 'retracted mid-batch', NOW);
      expect(outcome.get(ids[other(ownerId)]!)).toBe('cancelled');
    };
    const summary = await worker().runOnce(10);
    expect(summary).toMatchObject({ claimed: 2, sent: 1, cancelled: 1 });
    expect(sent).toHaveLength(1);
    const rows = await outboxStore(store.db).list();
    expect(rows.filter((r) => r.status === 'sent').map((r) => r.ownerId)).toEqual(sent);
    expect(rows.find((r) => r.ownerId === other(sent[0]!))).toMatchObject({ status: 'dead', providerMessageId: null });
    expect(Object.fromEntries(await outboxStore(store.db).cancel(Object.values(ids), 'too late', NOW))).toEqual({
      [ids[sent[0]!]!]: 'already_sent', [ids[other(sent[0]!)]!]: 'already_dead',
    });
  });
});
