import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, type KeyObject } from 'node:crypto';

/** The public half of a signing key in TUF's key format (ed25519, hex). */
export interface TufPublicKey {
  readonly keytype: 'ed25519';
  readonly scheme: 'ed25519';
  readonly keyval: { readonly public: string };
}

/**
 * Anything that can sign metadata for one role: a local Ed25519 key (the
 * embedded default) or a KMS/HSM client. `sign` receives the exact canonical
 * bytes and returns the raw signature; it may be asynchronous (network KMS).
 */
export interface Signer {
  readonly keyId: string;
  readonly publicKey: TufPublicKey;
  sign(bytes: Uint8Array): Promise<Uint8Array> | Uint8Array;
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** `keyid` = lowercase hex SHA-256 of the canonical JSON of the public key (THREATS.md §2.1). */
export function tufKeyId(publicKey: TufPublicKey): string {
  // Keys are already in canonical (sorted, no whitespace) order.
  const canonical = `{"keytype":"${publicKey.keytype}","keyval":{"public":"${publicKey.keyval.public}"},"scheme":"${publicKey.scheme}"}`;
  return createHash('sha256').update(canonical).digest('hex');
}

export function ed25519PublicKeyHex(key: KeyObject): string {
  const der = key.export({ type: 'spki', format: 'der' });
  return der.subarray(ED25519_SPKI_PREFIX.length).toString('hex');
}

/** Wraps an Ed25519 private key (PEM, PKCS#8) held in this process. */
export function createEd25519Signer(privateKeyPem: string): Signer {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('expected an Ed25519 private key');
  }
  const publicKey: TufPublicKey = {
    keytype: 'ed25519',
    scheme: 'ed25519',
    keyval: { public: ed25519PublicKeyHex(createPublicKey(privateKey)) },
  };
  return {
    keyId: tufKeyId(publicKey),
    publicKey,
    sign: (bytes) => new Uint8Array(edSign(null, bytes, privateKey)),
  };
}

export function generateEd25519KeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function generateEd25519Signer(): Signer {
  return createEd25519Signer(generateEd25519KeyPem());
}
