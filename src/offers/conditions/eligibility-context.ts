import { z } from 'zod';
import { Channel, Dealer, MarketCode, NodeId, StockLine, Vehicle, type Offer } from '../../domain';

/** One earlier contact with, or redemption of, an offer by this customer (any channel). */
export const PriorOfferEvent = z.strictObject({
  offerId: z.string().min(1),
  event: z.enum(['received', 'redeemed']),
  channel: Channel,
  at: z.iso.datetime(),
});
export type PriorOfferEvent = z.infer<typeof PriorOfferEvent>;

/** Everything a condition may look at. Parsed at the boundary; conditions trust it. */
export const EligibilityContext = z.strictObject({
  customer: z.strictObject({
    id: z.string().min(1),
    market: MarketCode,
    homeDealerId: NodeId.nullable(),
    /** When the customer became the vehicle's owner, if known. */
    ownedSince: z.iso.datetime().nullable(),
  }),
  vehicle: Vehicle,
  /** Telemetry features by name (rolling aggregates). */
  features: z.record(z.string(), z.number()).default({}),
  /** Need scores in [0, 1] by need name (e.g. brake_service, adas_upgrade). */
  needScores: z.record(z.string(), z.number().min(0).max(1)).default({}),
  /** Current consent state keyed by consentKey(purpose, channel). Missing = not granted. */
  consent: z.record(z.string(), z.boolean()).default({}),
  /** The channel the offer would be sent on, if already chosen. */
  channel: Channel.nullable().default(null),
  history: z.array(PriorOfferEvent).default([]),
  /** The dealer that would fulfil the offer, with its stock. */
  dealer: z.strictObject({ dealer: Dealer, stock: z.array(StockLine) }).nullable().default(null),
});
export type EligibilityContext = z.infer<typeof EligibilityContext>;
export type EligibilityContextInput = z.input<typeof EligibilityContext>;

export interface ConditionInput {
  offer: Pick<Offer, 'id' | 'kind' | 'markets' | 'requires' | 'requiresStock'>;
  ctx: EligibilityContext;
  now: Date;
}

export interface ConditionOutcome {
  passed: boolean;
  detail: string;
}
