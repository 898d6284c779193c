import { createHmac } from 'node:crypto';

export const PLACEMENT_PREFIX = 'placements';

/**
 * Pseudonymous vehicle id: keyed HMAC-SHA-256 of the VIN (THREATS.md §6), so a
 * vehicle reading every path in its hash bin learns no VIN. The key lives with
 * the placement service, never on vehicles or in analytics.
 */
export function vehiclePseudonym(vin: string, placementKey: Uint8Array): string {
  if (placementKey.length < 32) throw new Error('placement pseudonym key must be at least 32 bytes');
  const mac = createHmac('sha256', placementKey).update(`forecourt/placement/v1\u0000${vin.toUpperCase()}`).digest();
  return `pv_${mac.subarray(0, 20).toString('hex')}`;
}

export function placementPath(pseudonym: string): string {
  if (!/^pv_[0-9a-f]{40}$/.test(pseudonym)) throw new Error('not a placement pseudonym');
  return `${PLACEMENT_PREFIX}/${pseudonym}.json`;
}
