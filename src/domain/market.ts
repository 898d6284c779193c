import { z } from 'zod';

/** Market codes used across rules, offers and the network (RULES.md §1.4). */
export const marketCodes = ['US', 'US-CA', 'UK', 'DE', 'FR', 'EU'] as const;
export const MarketCode = z.enum(marketCodes);
export type MarketCode = z.infer<typeof MarketCode>;

export const Market = z.strictObject({
  code: MarketCode,
  name: z.string().min(1).max(100),
  currency: z.enum(['USD', 'GBP', 'EUR']),
  languages: z.array(z.enum(['en', 'de', 'fr'])).min(1),
  /** The market whose rules this one inherits (US-CA → US, DE → EU). */
  parent: MarketCode.nullable(),
});
export type Market = z.infer<typeof Market>;
