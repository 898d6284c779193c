import { Metadata, Signature, type Root, type Snapshot, type Targets, type Timestamp } from '@tufjs/models';
import type { Signer } from './signer';

type AnySigned = Root | Timestamp | Snapshot | Targets;

/** The exact canonical-JSON bytes TUF signs for this metadata. */
export function canonicalSignedBytes(metadata: Metadata<AnySigned>): Buffer {
  let captured: Buffer | undefined;
  const probe = new Metadata(metadata.signed);
  probe.sign((bytes) => {
    captured = bytes;
    return new Signature({ keyID: 'probe', sig: '' });
  });
  if (!captured) throw new Error('could not canonicalise metadata');
  return captured;
}

/**
 * Replaces the signatures of `metadata` with one signature per signer over its
 * canonical bytes. Signers may be asynchronous (KMS/HSM).
 */
export async function signMetadata(metadata: Metadata<AnySigned>, signers: readonly Signer[]): Promise<void> {
  const bytes = canonicalSignedBytes(metadata);
  const signatures: Record<string, Signature> = {};
  for (const signer of signers) {
    const sig = Buffer.from(await signer.sign(bytes)).toString('hex');
    signatures[signer.keyId] = new Signature({ keyID: signer.keyId, sig });
  }
  metadata.signatures = signatures;
}

export function serialiseMetadata(metadata: Metadata<AnySigned>): Uint8Array {
  return Buffer.from(JSON.stringify(metadata.toJSON()));
}
