import { describe, expect, it } from 'vitest';
import type { Channel } from '../domain';
import { ChannelError, instantiateChannel, memoryLedger, type ChannelDefinition } from './channel';
import { createHmiChannel, dealerCrmChannel, emailChannel, pushChannel, smsChannel, socialChannel, webBannerChannel } from './channels';
import { channelContract, type ChannelHarness } from './channel-contract.suite';
import { composeMessage } from './compose-message';
import { clearForDelivery } from './delivery-gate';
import { brakeOffer, clearedTestMessage, NOW, recipient, TEST_CODE } from './delivery-fixture';
import { startFakeHttpProvider, startFakeSmtpServer, type FakeHttpProvider } from './fake-provider-io';
import { createRepositoryBuilder, generateEd25519Signer, type PublishedRepository } from './signing';

function httpHarness(definition: ChannelDefinition<unknown>, extra: Record<string, unknown> = {}): () => Promise<ChannelHarness> {
  return async () => {
    const fake = await startFakeHttpProvider();
    return {
      sender: ({ timeoutMs }) => instantiateChannel(definition, { url: fake.url, ...extra }, { timeoutMs, ledger: memoryLedger() }),
      delivered: () => fake.delivered.size,
      requests: () => fake.requests.length,
      payloads: () => fake.requests.map((r) => r.body).join('\n'),
      setMode: (m) => { fake.mode = m; },
      close: () => fake.close(),
    };
  };
}

/** Quoted-printable soft breaks and escapes, enough to read the test mail. */
function decodeQp(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function hmiKeys() {
  const g = () => generateEd25519Signer();
  return { root: { signers: [g(), g(), g()], threshold: 2 }, targets: { signers: [g(), g(), g()], threshold: 2 }, nsc: {}, snapshot: g(), timestamp: g(), placement: g() };
}

async function hmiHarnessWith(moving: boolean): Promise<ChannelHarness & { fake: FakeHttpProvider }> {
  const fake = await startFakeHttpProvider();
  const builder = createRepositoryBuilder({ keys: hmiKeys(), clock: () => NOW, placementBinBits: 2 });
  let publishes = 0;
  // The "CDN": each publish uploads the repository's target files (a fresh upload id each time).
  const publish = async (repo: PublishedRepository, signal: AbortSignal) => {
    const files = Object.fromEntries([...repo.files].filter(([p]) => p.startsWith('targets/')).map(([p, b]) => [p, Buffer.from(b).toString('utf8')]));
    const res = await fetch(fake.url, { method: 'PUT', headers: { 'content-type': 'application/json', 'idempotency-key': `publish-${++publishes}-${Date.now()}` }, body: JSON.stringify(files), signal });
    if (!res.ok) throw new Error(`CDN answered ${res.status}`);
  };
  const definition = createHmiChannel({ builder, publish, pseudonymKey: Buffer.alloc(32, 7), vehicleMoving: async () => moving });
  return {
    fake,
    sender: ({ timeoutMs }) => instantiateChannel(definition, {}, { timeoutMs, ledger: memoryLedger() }),
    delivered: () => fake.delivered.size,
    requests: () => fake.requests.length,
    payloads: () => fake.requests.map((r) => r.body.replace(/\\"/g, '"')).join('\n'),
    setMode: (m) => { fake.mode = m; },
    close: () => fake.close(),
  };
}

const asDef = (d: unknown) => d as ChannelDefinition<unknown>;

channelContract('push', httpHarness(asDef(pushChannel)));
channelContract('sms', httpHarness(asDef(smsChannel), { from: 'HALDEN' }));
channelContract('social', httpHarness(asDef(socialChannel)), { personalCode: false });
channelContract('dealer_crm', httpHarness(asDef(dealerCrmChannel)));
channelContract('web', httpHarness(asDef(webBannerChannel)));
channelContract('hmi', () => hmiHarnessWith(false));
channelContract('email', async () => {
  const smtp = await startFakeSmtpServer();
  return {
    sender: ({ timeoutMs }) => instantiateChannel(asDef(emailChannel), { host: smtp.host, port: smtp.port, requireTls: false, from: 'offers@halden.example' }, { timeoutMs, ledger: memoryLedger() }),
    delivered: () => smtp.messages.length,
    requests: () => smtp.messages.length,
    payloads: () => smtp.messages.map((m) => decodeQp(m.raw)).join('\n'),
    setMode: (m) => { smtp.mode = m; },
    close: () => smtp.close(),
  };
});

describe('channel specifics', () => {
  it('the HMI channel never schedules a card for a moving vehicle', async () => {
    const h = await hmiHarnessWith(true);
    try {
      const err = await h.sender({ timeoutMs: 5_000 }).send(clearedTestMessage('hmi')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelError);
      expect((err as ChannelError).kind).toBe('rejected');
      expect((err as ChannelError).retryable).toBe(true);
      expect(h.requests()).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('the HMI card is display-only: plain text and a fixed action, no URL', async () => {
    const h = await hmiHarnessWith(false);
    try {
      await h.sender({ timeoutMs: 5_000 }).send(clearedTestMessage('hmi'));
      const files = JSON.parse(h.fake.requests[0]!.body) as Record<string, string>;
      const card = JSON.parse(Object.entries(files).find(([p]) => p.startsWith('targets/oem/'))![1]) as Record<string, unknown>;
      expect(Object.keys(card).sort()).toEqual(['body', 'cta', 'disclaimer', 'itemId', 'kind', 'locale', 'title']);
      expect(card.cta).toEqual({ action: 'CONTACT_DEALER' });
      expect(card.itemId).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
      expect(JSON.stringify(card)).not.toMatch(/https?:|www\./);
    } finally {
      await h.close();
    }
  });

  it('the HMI channel refuses copy the vehicle would reject (card limits), without publishing', async () => {
    const h = await hmiHarnessWith(false);
    try {
      const message = composeMessage({
        offer: { ...brakeOffer, name: 'Brake pad service with complimentary inspection of discs, callipers and fluid' }, campaignId: 'cmp-test', currency: 'USD',
        recipient, channel: 'hmi', market: 'US', language: 'en', variant: 0, redemptionCode: TEST_CODE, idempotencyKey: 'cmp-test:long-title:own-1:hmi',
      });
      expect(message.copy.title.length).toBeGreaterThan(60);
      const gate = clearForDelivery(message, { model: 'Vireo', adasLevel: 2, certifiedFeatures: [] }, { 'marketing_contact:any': true }, NOW);
      expect(gate.cleared).toBe(true);
      if (!gate.cleared) return;
      const err = await h.sender({ timeoutMs: 5_000 }).send(gate.value).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelError);
      expect((err as ChannelError).kind).toBe('rejected');
      expect((err as ChannelError).retryable).toBe(false);
      expect(h.requests()).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('SMS without a phone number and e-mail without an address fail as non-retryable', async () => {
    for (const [channel, def, params] of [['sms', smsChannel, { url: 'http://127.0.0.1:9/x', from: 'HALDEN' }], ['email', emailChannel, { host: '127.0.0.1', port: 9, requireTls: false, from: 'a@b.example' }]] as const) {
      const c = clearedTestMessage(channel as Channel);
      const noAddress = { ...c, message: { ...c.message, recipient: { ...c.message.recipient, phone: null, email: null } } };
      const err = await instantiateChannel(asDef(def), params).send(noAddress).catch((e: unknown) => e);
      expect((err as ChannelError).kind).toBe('no_address');
      expect((err as ChannelError).retryable).toBe(false);
    }
  });

  it('a provider that rejects the request (4xx) is a non-retryable rejection', async () => {
    const fake = await startFakeHttpProvider();
    try {
      fake.mode = 'reject';
      const err = await instantiateChannel(asDef(pushChannel), { url: fake.url }).send(clearedTestMessage('push')).catch((e: unknown) => e);
      expect((err as ChannelError).kind).toBe('rejected');
      expect((err as ChannelError).retryable).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it('refuses plain-http provider URLs outside loopback', () => {
    expect(() => instantiateChannel(asDef(pushChannel), { url: 'http://push.example.com/v1' })).toThrow();
  });
});
