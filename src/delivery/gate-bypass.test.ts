import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../domain';
import { catalogStore, parseCatalogOffer } from '../offers';
import { globalScope, type Store } from '../store';
import { instantiateChannel, type ChannelDefinition, type ChannelSender } from './channel';
import { pushChannel, smsChannel } from './channels';
import { deliveryStore } from './deliver-offer-store';
import { brakeOffer, clearedTestMessage, NOW } from './delivery-fixture';
import { feedVerifierReport } from './breaker-feed';
import { openDeliveryTestStore, resetDeliveryState } from './delivery-test-setup-io';
import { startFakeHttpProvider, type FakeHttpProvider } from './fake-provider-io';
import { outboxStore } from './outbox-store';
import { createOutboxWorker } from './outbox-worker';
import { createCircuitBreaker, type AlertEvent } from './signing';

const asDef = (d: unknown) => d as ChannelDefinition<unknown>;

describe('compliance gate cannot be bypassed; the breaker stops sends', () => {
  let store: Store;
  let fake: FakeHttpProvider;
  let channels: Map<Channel, ChannelSender>;
  const clock = () => NOW;

  beforeAll(async () => {
    store = await openDeliveryTestStore();
    await catalogStore(store.db).put(globalScope, parseCatalogOffer({ ...brakeOffer, id: 'off-apr', kind: 'apr_financing', name: 'Low APR', terms: { aprPct: 3.9, termMonths: 60 } }));
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await resetDeliveryState(store);
    fake = await startFakeHttpProvider();
    const ledger = outboxStore(store.db).ledger();
    channels = new Map<Channel, ChannelSender>([
      ['push', instantiateChannel(asDef(pushChannel), { url: fake.url }, { ledger })],
      ['sms', instantiateChannel(asDef(smsChannel), { url: fake.url, from: 'HALDEN' }, { ledger })],
    ]);
  });
  afterEach(async () => {
    await fake.close();
  });

  async function enqueuePush(): Promise<string> {
    const r = await deliveryStore(store.db).deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['push'] }, { now: NOW });
    return r.owners[0]!.deliveries.find((d) => d.status === 'queued')!.outboxId!;
  }

  const tampering: [string, string][] = [
    ['the text of the message', `UPDATE delivery_outbox SET message = jsonb_set(message, '{copy,body}', '"Ana, 0% APR forever at Bayview Halden."') WHERE id = $1`],
    ['the text in both message and stored compliance input', `UPDATE delivery_outbox SET message = jsonb_set(message, '{copy,body}', '"Hands-free driving, $0 down."'),
      compliance_input = jsonb_set(compliance_input, '{text}', to_jsonb(replace(compliance_input->>'text', message->'copy'->>'body', 'Hands-free driving, $0 down.'))) WHERE id = $1`],
    ['the market', `UPDATE delivery_outbox SET market = 'DE', message = jsonb_set(message, '{market}', '"DE"'), compliance_input = jsonb_set(compliance_input, '{market}', '"DE"') WHERE id = $1`],
    ['the channel', `UPDATE delivery_outbox SET channel = 'sms', message = jsonb_set(message, '{channel}', '"sms"') WHERE id = $1`],
    ['the consent state', `UPDATE delivery_outbox SET compliance_input = jsonb_set(compliance_input, '{consent,telematicsMarketing}', 'true') WHERE id = $1`],
    ['the clearance', `UPDATE delivery_outbox SET clearance = jsonb_set(clearance, '{fingerprint}', to_jsonb(repeat('a', 64))) WHERE id = $1`],
  ];

  for (const [what, sql] of tampering) {
    it(`altering ${what} after clearance blocks the send and opens a review item`, async () => {
      const id = await enqueuePush();
      await store.db.query(sql, [id]);
      const summary = await createOutboxWorker({ db: store.db, channels, clock, workerId: 'w' }).runUntilIdle();
      expect(summary).toMatchObject({ sent: 0, dead: 1 });
      const row = (await outboxStore(store.db).list())[0]!;
      expect(row.status).toBe('dead');
      expect(row.deadReason).toMatch(/^compliance_blocked/);
      expect(fake.requests).toHaveLength(0);
      expect((await outboxStore(store.db).listReviews(globalScope)).map((r) => r.reason)).toEqual([expect.stringMatching(/^send-time gate/)]);
    });
  }

  it('an untampered row is sent (the tampering tests can fail)', async () => {
    await enqueuePush();
    expect(await createOutboxWorker({ db: store.db, channels, clock, workerId: 'w' }).runUntilIdle()).toMatchObject({ sent: 1 });
    expect(fake.delivered.size).toBe(1);
  });

  it('enqueueing without a valid clearance is refused and nothing is stored', async () => {
    const outbox = outboxStore(store.db);
    const cleared = clearedTestMessage('push');
    const attempts: unknown[] = [
      cleared.message,
      { message: cleared.message, complianceInput: cleared.complianceInput },
      { ...cleared, clearance: { fingerprint: 'f'.repeat(64), rulesVersion: cleared.clearance.rulesVersion, checkedAt: NOW.toISOString() } },
      { ...cleared, message: { ...cleared.message, copy: { ...cleared.message.copy, title: 'Free brakes for life' } } },
    ];
    for (const a of attempts) await expect(outbox.enqueue(a, { dealerId: 'dlr-a', now: NOW })).rejects.toMatchObject({ code: 'COMPLIANCE_BLOCKED' });
    expect(await outbox.list()).toEqual([]);
    await outbox.enqueue(cleared, { dealerId: 'dlr-a', now: NOW });
    expect(await outbox.list()).toHaveLength(1);
  });

  it('calling a channel directly without a clearance reaches no provider', async () => {
    await expect(channels.get('push')!.send(clearedTestMessage('push').message)).rejects.toMatchObject({ code: 'COMPLIANCE_BLOCKED' });
    expect(fake.requests).toHaveLength(0);
  });

  it('a message that fails the checker is not enqueued but becomes a review item', async () => {
    const r = await deliveryStore(store.db).deliverOffer(globalScope, { offerId: 'off-apr', ownerIds: ['own-1'], channels: ['push'] }, { now: NOW });
    const push = r.owners[0]!.deliveries.find((d) => d.channel === 'push')!;
    expect(push.status).toBe('blocked');
    expect(push.reasons.join(' ')).toMatch(/FIN-US-001/);
    expect(await outboxStore(store.db).list()).toEqual([]);
    const reviews = await outboxStore(store.db).listReviews(globalScope);
    expect(reviews).toEqual([expect.objectContaining({ id: push.reviewId, status: 'pending', violations: expect.arrayContaining(['FIN-US-001']) })]);
  });

  it('an open breaker (verifier rejection report) stops that campaign × channel only', async () => {
    const alerts: AlertEvent[] = [];
    const breaker = createCircuitBreaker({ clock, approvedContent: () => new Set(), knownSigners: new Set() });
    const d = deliveryStore(store.db);
    await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', campaignId: 'cmp-a', ownerIds: ['own-1'], channels: ['push'] }, { now: NOW });
    await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', campaignId: 'cmp-b', ownerIds: ['own-3'], channels: ['sms'] }, { now: NOW });
    const decision = feedVerifierReport(breaker, { campaignId: 'cmp-a', channel: 'push', verified: 40, rejected: { rollback: 1 } }, (a) => alerts.push(a));
    expect(decision.allowed).toBe(false);
    expect(alerts.map((a) => a.type)).toEqual(['breaker_opened']);
    const summary = await createOutboxWorker({ db: store.db, channels, clock, workerId: 'w', breaker, onAlert: (a) => alerts.push(a) }).runOnce();
    expect(summary).toMatchObject({ sent: 1, held: 1 });
    const rows = await outboxStore(store.db).list();
    expect(rows.find((r) => r.campaignId === 'cmp-a')).toMatchObject({ status: 'queued', attempts: 0, lastError: 'breaker_open: security_report' });
    expect(rows.find((r) => r.campaignId === 'cmp-b')).toMatchObject({ status: 'sent' });
    expect(fake.requests.map((r) => JSON.parse(r.body).to)).toEqual(['+19165550102']);
    breaker.reset('cmp-a', 'push', 'security officer');
    const later = () => new Date(NOW.getTime() + 16 * 60_000);
    expect(await createOutboxWorker({ db: store.db, channels, clock: later, workerId: 'w', breaker }).runOnce()).toMatchObject({ sent: 1 });
  });

  it('an unapproved content hash reported by the pipeline opens the breaker too', () => {
    const breaker = createCircuitBreaker({ clock, approvedContent: () => new Set(['a'.repeat(64)]), knownSigners: new Set() });
    expect(breaker.observe({ kind: 'content', campaignId: 'cmp-a', channel: 'hmi', sha256: 'b'.repeat(64) }).allowed).toBe(false);
    expect(() => feedVerifierReport(breaker, { campaignId: 'cmp-a', channel: 'fax', verified: 1, rejected: {} })).toThrow();
  });

  it('AI-drafted copy goes through the same gate: a good draft is queued, a hands-free claim is blocked', async () => {
    const drafts = [
      { title: 'Brake pads for your Vireo', body: '{name}, brake pads for $159 instead of $199 at Bayview Halden.', disclaimer: '' },
      { title: 'Let the Vireo drive itself', body: '{name}, sit back: hands-free, eyes-off driving. Brake pads for $159 instead of $199.', disclaimer: '' },
    ];
    const llm = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: JSON.stringify(drafts.shift()) } }] })));
    });
    await new Promise<void>((r) => llm.listen(0, '127.0.0.1', () => r()));
    try {
      const ai = { baseUrl: `http://127.0.0.1:${(llm.address() as AddressInfo).port}`, model: 'stand-in', maxAttempts: 1 };
      const d = deliveryStore(store.db);
      await expect(d.deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1'], channels: ['push'], copy: 'ai' }, { now: NOW })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const good = await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', campaignId: 'cmp-ai-1', ownerIds: ['own-1'], channels: ['push'], copy: 'ai' }, { now: NOW, ai, caps: [] });
      expect(good.owners[0]!.deliveries.find((x) => x.channel === 'push')!.status).toBe('queued');
      const bad = await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', campaignId: 'cmp-ai-2', ownerIds: ['own-1'], channels: ['push'], copy: 'ai' }, { now: NOW, ai, caps: [] });
      const blocked = bad.owners[0]!.deliveries.find((x) => x.channel === 'push')!;
      expect(blocked.status).toBe('blocked');
      expect(blocked.reviewId).toBeDefined();
      const rows = await outboxStore(store.db).list();
      expect(rows).toHaveLength(1);
      expect((rows[0]!.stored.message as { variant: string; copy: { body: string } }).copy.body).toBe('Ana, brake pads for $159 instead of $199 at Bayview Halden.');
    } finally {
      await new Promise<void>((r) => llm.close(() => r()));
    }
  });
});
