import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature, type WebhookKeys } from './webhook-signature';

const secret = 'test-secret-0123456789abcdef';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const keys: WebhookKeys = { hmacSecrets: [secret], ed25519PublicKeys: [publicKey.export({ type: 'spki', format: 'pem' }).toString()] };
const now = new Date('2026-04-10T12:00:00.000Z');
const ts = now.getTime() / 1000;
const body = JSON.stringify({ id: 'evt-00000001', type: 'approval', data: {} });
const check = (headers: Record<string, string>, rawBody = body, k = keys) => verifyWebhookSignature({ headers, rawBody, keys: k, now });
const reason = (r: ReturnType<typeof check>) => (r.ok ? 'ok' : r.reason);

describe('verifyWebhookSignature', () => {
  it('accepts HMAC-SHA256 and Ed25519 signatures over timestamp and body', () => {
    expect(check(signWebhook({ rawBody: body, timestamp: ts, hmacSecret: secret }))).toMatchObject({ ok: true, scheme: 'hmac-sha256' });
    expect(check(signWebhook({ rawBody: body, timestamp: ts, ed25519PrivateKey: privateKey }))).toMatchObject({ ok: true, scheme: 'ed25519' });
  });

  it('accepts any of several secrets (rotation)', () => {
    const h = signWebhook({ rawBody: body, timestamp: ts, hmacSecret: secret });
    expect(check(h, body, { hmacSecrets: ['old-secret-0123456789abcdef', secret], ed25519PublicKeys: [] }).ok).toBe(true);
  });

  it.each([
    ['no headers', {}, body, 'unsigned'],
    ['empty signature', { 'x-forecourt-timestamp': String(ts), 'x-forecourt-signature': '' }, body, 'unsigned'],
    ['timestamp not a number', { 'x-forecourt-timestamp': 'yesterday', 'x-forecourt-signature': 'hmac-sha256=00' }, body, 'malformed_signature'],
    ['unknown scheme', { 'x-forecourt-timestamp': String(ts), 'x-forecourt-signature': 'md5=abc' }, body, 'malformed_signature'],
    ['tampered body', signWebhook({ rawBody: body, timestamp: ts, hmacSecret: secret }), body.replace('approval', 'release'), 'forged'],
    ['wrong secret', signWebhook({ rawBody: body, timestamp: ts, hmacSecret: 'attacker-secret-0123456789' }), body, 'forged'],
    ['timestamp moved after signing', { ...signWebhook({ rawBody: body, timestamp: ts, hmacSecret: secret }), 'x-forecourt-timestamp': String(ts + 1) }, body, 'forged'],
    ['truncated hex', { 'x-forecourt-timestamp': String(ts), 'x-forecourt-signature': `hmac-sha256=${signWebhook({ rawBody: body, timestamp: ts, hmacSecret: secret })['x-forecourt-signature']!.slice(12, 40)}` }, body, 'forged'],
    ['Ed25519 by another key', signWebhook({ rawBody: body, timestamp: ts, ed25519PrivateKey: generateKeyPairSync('ed25519').privateKey }), body, 'forged'],
    ['stale: ten minutes old', signWebhook({ rawBody: body, timestamp: ts - 600, hmacSecret: secret }), body, 'stale'],
    ['from the future', signWebhook({ rawBody: body, timestamp: ts + 600, hmacSecret: secret }), body, 'stale'],
  ] as const)('rejects %s', (_name, headers, raw, expected) => {
    expect(reason(check(headers as Record<string, string>, raw))).toBe(expected);
  });

  it('rejects everything when no key is configured', () => {
    expect(reason(check(signWebhook({ rawBody: body, timestamp: ts, hmacSecret: secret }), body, { hmacSecrets: [], ed25519PublicKeys: [] }))).toBe('not_configured');
  });
});
