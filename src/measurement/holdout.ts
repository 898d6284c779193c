import { createHmac } from 'node:crypto';
import { z } from 'zod';

/**
 * Holdouts decided at assignment time: a unit (customer, dealer or region) is held
 * out when HMAC-SHA256(salt, level:unitId) falls below the holdout share. The same
 * unit and salt always give the same answer (sticky), different experiments use
 * different salts (independent), and nobody can predict membership without the salt.
 * Hierarchy: a customer is held out if their region or dealer is held out at that level.
 */
export const HoldoutLevel = z.enum(['customer', 'dealer', 'region']);
export type HoldoutLevel = z.infer<typeof HoldoutLevel>;

export const HoldoutPlan = z.strictObject({
  experimentId: z.string().min(1),
  /** Secret per experiment; rotating it reshuffles every unit. */
  salt: z.string().min(8),
  /** Share held out at each level (missing = none at that level). */
  shares: z.strictObject({
    customer: z.number().min(0).max(1).default(0),
    dealer: z.number().min(0).max(1).default(0),
    region: z.number().min(0).max(1).default(0),
  }),
});
export type HoldoutPlan = z.input<typeof HoldoutPlan>;

export const HoldoutUnit = z.strictObject({
  customerId: z.string().min(1),
  dealerId: z.string().min(1).nullable(),
  regionId: z.string().min(1).nullable(),
});
export type HoldoutUnit = z.infer<typeof HoldoutUnit>;

export interface HoldoutAssignment {
  readonly experimentId: string;
  readonly heldOut: boolean;
  /** The level that decided, or null when treated. */
  readonly level: HoldoutLevel | null;
  readonly buckets: Readonly<Record<HoldoutLevel, number | null>>;
  readonly reasons: readonly string[];
}

/** Uniform in [0, 1) from the first 52 bits of HMAC-SHA256(salt, experimentId:level:unitId). */
export function holdoutBucket(salt: string, experimentId: string, level: HoldoutLevel, unitId: string): number {
  const digest = createHmac('sha256', salt).update(`${experimentId}:${level}:${unitId}`).digest();
  const hi = digest.readUInt32BE(0), lo = digest.readUInt32BE(4) >>> 12;
  return (hi * 2 ** 20 + lo) / 2 ** 52;
}

export function assignHoldout(plan: HoldoutPlan, unit: HoldoutUnit): HoldoutAssignment {
  const p = HoldoutPlan.parse(plan);
  const u = HoldoutUnit.parse(unit);
  const ids: Record<HoldoutLevel, string | null> = { region: u.regionId, dealer: u.dealerId, customer: u.customerId };
  const buckets: Record<HoldoutLevel, number | null> = { region: null, dealer: null, customer: null };
  const reasons: string[] = [];
  let decided: HoldoutLevel | null = null;
  for (const level of ['region', 'dealer', 'customer'] as const) {
    const id = ids[level];
    const share = p.shares[level];
    if (id === null || share <= 0) continue;
    const b = holdoutBucket(p.salt, p.experimentId, level, id);
    buckets[level] = b;
    if (decided === null && b < share) {
      decided = level;
      reasons.push(`${level} ${id} held out (bucket ${b.toFixed(4)} < ${share})`);
    }
  }
  if (decided === null) reasons.push('not held out at any level');
  return { experimentId: p.experimentId, heldOut: decided !== null, level: decided, buckets, reasons };
}
