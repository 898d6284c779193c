import { z } from 'zod';
import { NodeId, type OfferKind } from '../domain';

const minor = z.int().min(0).max(1_000_000_000);
const positiveMinor = z.int().min(1).max(1_000_000_000);
/** Estimated value to the customer in minor units, for kinds whose value is not a plain amount. */
const valueMinor = minor.optional();

const notAboveList = (t: { priceMinor: number; listPriceMinor: number }): boolean => t.priceMinor <= t.listPriceMinor;
const aboveList = { message: 'priceMinor must not exceed listPriceMinor', path: ['priceMinor'] };

/** The terms each offer kind needs. Amounts are integer minor units (cents, pence). */
export const termsSchemas = {
  cash_rebate: z.strictObject({ amountMinor: positiveMinor }),
  apr_financing: z.strictObject({ aprPct: z.number().min(0).max(30), termMonths: z.int().min(6).max(96), valueMinor }),
  lease: z.strictObject({
    monthlyMinor: positiveMinor, termMonths: z.int().min(6).max(60), dueAtSigningMinor: minor, kmPerYear: z.int().min(1000).max(100_000), valueMinor,
  }),
  service_package: z.strictObject({ serviceCode: z.string().min(1).max(40), priceMinor: minor, listPriceMinor: minor }).refine(notAboveList, aboveList),
  accessory: z.strictObject({ sku: z.string().min(1).max(64), priceMinor: minor, listPriceMinor: minor }).refine(notAboveList, aboveList),
  feature_trial: z.strictObject({ featureCode: z.string().min(1).max(60), trialDays: z.int().min(1).max(365), valueMinor }),
  feature_purchase: z.strictObject({
    featureCode: z.string().min(1).max(60), billing: z.enum(['one_off', 'monthly', 'yearly']), priceMinor: minor, listPriceMinor: minor,
  }).refine(notAboveList, aboveList),
  loyalty_bonus: z.strictObject({ amountMinor: positiveMinor }),
  conquest_bonus: z.strictObject({ amountMinor: positiveMinor }),
  dealer_funded: z.strictObject({ amountMinor: positiveMinor, dealerId: NodeId }),
} as const satisfies Record<OfferKind, z.ZodType>;

export type OfferTerms<K extends OfferKind> = z.infer<(typeof termsSchemas)[K]>;

export type TermsCheck = { ok: true } | { ok: false; issues: { path: string; message: string }[] };

export function checkOfferTerms(kind: OfferKind, terms: unknown): TermsCheck {
  const parsed = termsSchemas[kind].safeParse(terms);
  if (parsed.success) return { ok: true };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

const num = (terms: Record<string, unknown>, key: string): number => {
  const v = terms[key];
  return typeof v === 'number' ? v : 0;
};

/** What the offer is worth to the customer, in minor units; used by the "best for the customer" conflict policy. */
export function customerValueMinor(offer: { kind: OfferKind; terms: Record<string, unknown> }): number {
  const t = offer.terms;
  switch (offer.kind) {
    case 'cash_rebate':
    case 'loyalty_bonus':
    case 'conquest_bonus':
    case 'dealer_funded':
      return num(t, 'amountMinor');
    case 'service_package':
    case 'accessory':
    case 'feature_purchase':
      return Math.max(0, num(t, 'listPriceMinor') - num(t, 'priceMinor'));
    case 'apr_financing':
    case 'lease':
    case 'feature_trial':
      return num(t, 'valueMinor');
  }
}
