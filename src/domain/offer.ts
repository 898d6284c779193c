import { z } from 'zod';
import { MarketCode } from './market';
import { NodeId } from './tenant';
import { Competency } from './dealer';

export const offerKinds = [
  'cash_rebate', 'apr_financing', 'lease', 'service_package', 'accessory',
  'feature_trial', 'feature_purchase', 'loyalty_bonus', 'conquest_bonus', 'dealer_funded',
] as const;
export const OfferKind = z.enum(offerKinds);
export type OfferKind = z.infer<typeof OfferKind>;

export const Program = z.strictObject({
  id: z.string().regex(/^prg-[a-z0-9-]{1,60}$/),
  ownerNodeId: NodeId,
  name: z.string().min(1).max(200),
  market: MarketCode.nullable(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
});
export type Program = z.infer<typeof Program>;

export const Fund = z.strictObject({
  id: z.string().regex(/^fund-[a-z0-9-]{1,60}$/),
  programId: Program.shape.id,
  tierNodeId: NodeId,
  currency: z.enum(['USD', 'GBP', 'EUR']),
  budgetMinor: z.int().min(0),
});
export type Fund = z.infer<typeof Fund>;

export const Offer = z.strictObject({
  id: z.string().regex(/^off-[a-z0-9-]{1,60}$/),
  programId: Program.shape.id,
  kind: OfferKind,
  name: z.string().min(1).max(200),
  markets: z.array(MarketCode).min(1),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime(),
  /** Structured terms: amounts, rates, durations. Copy is generated from these, never typed. */
  terms: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Competencies the dealer needs to fulfil it, and hours of each per redemption. */
  requires: z.array(z.strictObject({ competency: Competency, hours: z.number().min(0).max(40) })),
  /** Stock the dealer must hold (SKU), if any. */
  requiresStock: z.array(z.string()).default([]),
});
export type Offer = z.infer<typeof Offer>;

export const Campaign = z.strictObject({
  id: z.string().regex(/^cmp-[a-z0-9-]{1,60}$/),
  ownerNodeId: NodeId,
  name: z.string().min(1).max(200),
  status: z.enum(['draft', 'approved', 'running', 'paused', 'ended']),
  offerIds: z.array(Offer.shape.id),
});
export type Campaign = z.infer<typeof Campaign>;
