/**
 * The failure classes the verifier names. tuf-js reports several of these as
 * one generic RuntimeError; the verifier re-derives the class itself.
 */
export const attackClasses = [
  'forged_signature',
  'under_threshold',
  'invalid_threshold',
  'duplicate_key',
  'expired',
  'freeze',
  'rollback',
  'mix_and_match',
  'hash_mismatch',
  'delegation_out_of_scope',
  'delegation_not_tree',
  'oversized',
  'slow_retrieval',
  'schema_violation',
  'unknown_target',
  'wrong_vehicle',
  'scope_mismatch',
  'untrusted_time',
  'unavailable',
  'tuf_rejected',
] as const;

export type AttackClass = (typeof attackClasses)[number];

/** Thrown inside the verifier; always turned into a `{ ok: false }` result at the API. */
export class VerificationFailure extends Error {
  readonly attackClass: AttackClass;

  constructor(attackClass: AttackClass, detail: string) {
    super(detail);
    this.name = 'VerificationFailure';
    this.attackClass = attackClass;
  }
}

export function fail(attackClass: AttackClass, detail: string): never {
  throw new VerificationFailure(attackClass, detail);
}
