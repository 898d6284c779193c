import { createHmac, createPublicKey, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/**
 * Signed webhooks: the sender signs `${timestamp}.${rawBody}` with HMAC-SHA256
 * (shared secret) and/or Ed25519 (private key), and sends
 *   x-forecourt-timestamp: <unix seconds>
 *   x-forecourt-signature: hmac-sha256=<hex>[,ed25519=<base64>]
 * The receiver accepts when any configured key verifies one of the signatures,
 * and the timestamp is within the tolerance. The event id inside the signed
 * body is the replay nonce (checked against the store by the caller).
 */
export const webhookHeaders = { timestamp: 'x-forecourt-timestamp', signature: 'x-forecourt-signature' } as const;

export const webhookRejectReasons = ['not_configured', 'unsigned', 'malformed_signature', 'forged', 'stale', 'malformed', 'replayed'] as const;
export type WebhookRejectReason = (typeof webhookRejectReasons)[number];

export interface WebhookKeys {
  readonly hmacSecrets: readonly string[];
  /** Ed25519 public keys (PEM or KeyObject). */
  readonly ed25519PublicKeys: readonly (string | KeyObject)[];
}

export type SignatureCheck =
  | { ok: true; timestamp: number; scheme: 'hmac-sha256' | 'ed25519' }
  | { ok: false; reason: WebhookRejectReason; detail: string };

export const defaultToleranceSeconds = 300;

function signedPayload(timestamp: string, rawBody: string): Buffer {
  return Buffer.from(`${timestamp}.${rawBody}`, 'utf8');
}

/** Headers for a webhook body (the sender's side; tests and tools use it). */
export function signWebhook(opts: { rawBody: string; timestamp: number; hmacSecret?: string; ed25519PrivateKey?: string | KeyObject }): Record<string, string> {
  const ts = String(Math.trunc(opts.timestamp));
  const parts: string[] = [];
  if (opts.hmacSecret !== undefined) parts.push(`hmac-sha256=${createHmac('sha256', opts.hmacSecret).update(signedPayload(ts, opts.rawBody)).digest('hex')}`);
  if (opts.ed25519PrivateKey !== undefined) parts.push(`ed25519=${sign(null, signedPayload(ts, opts.rawBody), opts.ed25519PrivateKey).toString('base64')}`);
  return { [webhookHeaders.timestamp]: ts, [webhookHeaders.signature]: parts.join(',') };
}

function parseSignatures(header: string): Map<string, string[]> | null {
  const out = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const m = /^\s*(hmac-sha256|ed25519)=([A-Za-z0-9+/=]{1,200})\s*$/.exec(part);
    if (!m) return null;
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out;
}

function hmacMatches(secret: string, payload: Buffer, hex: string): boolean {
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : Buffer.alloc(expected.length);
  // Constant-time over equal lengths; a malformed value still costs one comparison and fails.
  return timingSafeEqual(expected, given) && /^[0-9a-f]{64}$/.test(hex);
}

function ed25519Matches(key: string | KeyObject, payload: Buffer, b64: string): boolean {
  try {
    const k = typeof key === 'string' ? createPublicKey(key) : key;
    return verify(null, payload, k, Buffer.from(b64, 'base64'));
  } catch {
    return false;
  }
}

/** Verifies signature and freshness of a webhook delivery; pure apart from the clock passed in. */
export function verifyWebhookSignature(input: {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: string;
  keys: WebhookKeys;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const { keys } = input;
  if (keys.hmacSecrets.length === 0 && keys.ed25519PublicKeys.length === 0) return { ok: false, reason: 'not_configured', detail: 'no webhook keys are configured' };
  const ts = input.headers[webhookHeaders.timestamp];
  const sig = input.headers[webhookHeaders.signature];
  if (ts === undefined || sig === undefined || sig === '') return { ok: false, reason: 'unsigned', detail: `${webhookHeaders.timestamp} and ${webhookHeaders.signature} are required` };
  if (typeof ts !== 'string' || typeof sig !== 'string' || !/^\d{9,11}$/.test(ts)) return { ok: false, reason: 'malformed_signature', detail: 'timestamp must be unix seconds, each header given once' };
  const sigs = parseSignatures(sig);
  if (!sigs) return { ok: false, reason: 'malformed_signature', detail: 'signature must be hmac-sha256=<hex> and/or ed25519=<base64>' };
  const payload = signedPayload(ts, input.rawBody);
  let scheme: 'hmac-sha256' | 'ed25519' | null = null;
  for (const hex of sigs.get('hmac-sha256') ?? []) {
    for (const secret of keys.hmacSecrets) if (hmacMatches(secret, payload, hex)) scheme = 'hmac-sha256';
  }
  for (const b64 of sigs.get('ed25519') ?? []) {
    for (const key of keys.ed25519PublicKeys) if (scheme === null && ed25519Matches(key, payload, b64)) scheme = 'ed25519';
  }
  if (scheme === null) return { ok: false, reason: 'forged', detail: 'no signature verifies with a configured key' };
  const timestamp = Number(ts);
  const skew = Math.abs(input.now.getTime() / 1000 - timestamp);
  const tolerance = input.toleranceSeconds ?? defaultToleranceSeconds;
  if (skew > tolerance) return { ok: false, reason: 'stale', detail: `timestamp is ${Math.round(skew)} s from now (tolerance ${tolerance} s)` };
  return { ok: true, timestamp, scheme };
}
