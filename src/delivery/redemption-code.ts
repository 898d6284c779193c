import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Single-use redemption codes: `FC1-<payload><signature>` in Crockford base32 (no dots, no
 * lower case, nothing that looks like a link). Payload = version, 10 random bytes (the code
 * id), expiry (unix seconds), first 4 bytes of SHA-256(offer id); signed with Ed25519.
 * "Single use" is the dealer-side store's job (mark redeemed once).
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PAYLOAD_BYTES = 19;
const SIG_BYTES = 64;

export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31]!;
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31]!;
  return out;
}

export function unbase32(text: string): Uint8Array | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const i = CROCKFORD.indexOf(ch);
    if (i < 0) return null;
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

export interface RedemptionKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function generateRedemptionKey(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function redemptionKeyFromPem(privatePem: string): RedemptionKey {
  const privateKey = createPrivateKey(privatePem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const offerTag = (offerId: string) => createHash('sha256').update(offerId).digest().subarray(0, 4);

/** A new signed code. `random` must be 10 unpredictable bytes (crypto.randomBytes in production). */
export function issueRedemptionCode(input: { offerId: string; expiresAt: Date; random: Uint8Array }, key: RedemptionKey): { code: string; codeId: string } {
  if (input.random.length !== 10) throw new RangeError('redemption code needs 10 random bytes');
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload[0] = 1;
  Buffer.from(input.random).copy(payload, 1);
  payload.writeUInt32BE(Math.floor(input.expiresAt.getTime() / 1000), 11);
  offerTag(input.offerId).copy(payload, 15);
  const sig = sign(null, payload, key.privateKey);
  return { code: `FC1-${base32(Buffer.concat([payload, sig]))}`, codeId: Buffer.from(input.random).toString('hex') };
}

export type CodeCheck =
  | { readonly valid: true; readonly codeId: string; readonly expiresAt: string }
  | { readonly valid: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_offer' };

/** Verifies signature, expiry and (when given) the offer. Does not know whether it was redeemed. */
export function checkRedemptionCode(code: string, publicKey: KeyObject, now: Date, offerId?: string): CodeCheck {
  const m = /^FC1-([0-9A-HJKMNP-TV-Z]{1,200})$/.exec(code.trim().toUpperCase());
  const bytes = m ? unbase32(m[1]!) : null;
  if (!bytes || bytes.length !== PAYLOAD_BYTES + SIG_BYTES || bytes[0] !== 1) return { valid: false, reason: 'malformed' };
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  const sig = bytes.subarray(PAYLOAD_BYTES);
  let ok = false;
  try {
    ok = verify(null, payload, publicKey, sig);
  } catch {
    ok = false;
  }
  if (!ok) return { valid: false, reason: 'bad_signature' };
  const expires = Buffer.from(payload).readUInt32BE(11) * 1000;
  if (now.getTime() > expires) return { valid: false, reason: 'expired' };
  if (offerId !== undefined && !Buffer.from(payload.subarray(15, 19)).equals(offerTag(offerId))) return { valid: false, reason: 'wrong_offer' };
  return { valid: true, codeId: Buffer.from(payload.subarray(1, 11)).toString('hex'), expiresAt: new Date(expires).toISOString() };
}
