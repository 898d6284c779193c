import { z } from 'zod';
import { Channel, Fund, NodeId, Offer } from '../domain';
import { ForecourtError } from '../kernel';
import { checkOfferTerms } from './offer-terms';

export const Language = z.enum(['en', 'de', 'fr']);
export type Language = z.infer<typeof Language>;

/** Copy for one channel in one language. */
export const OfferContent = z.strictObject({
  channel: Channel,
  language: Language,
  headline: z.string().min(1).max(120),
  body: z.string().min(1).max(2000),
  cta: z.string().min(1).max(40).optional(),
});
export type OfferContent = z.infer<typeof OfferContent>;

/** A stored eligibility rule: only the registered condition's code and its params (STYLE.md §1). */
export const StoredRule = z.strictObject({ code: z.string().min(1).max(60), params: z.unknown() });
export type StoredRule = z.infer<typeof StoredRule>;

/** A domain Offer plus what the catalog, arbitration and funds need. */
export const CatalogOffer = Offer.extend({
  ownerNodeId: NodeId,
  fundId: Fund.shape.id.nullable(),
  /** What one redemption costs the fund, in minor units; accrued on redemption and charged to budgets in arbitration. */
  costMinor: z.int().min(0),
  content: z.array(OfferContent).min(1),
  exclusivityGroup: z.string().min(1).max(60).nullable().default(null),
  stackable: z.boolean().default(false),
  priority: z.int().min(-1000).max(1000).default(0),
  perCustomerLimit: z.int().min(1).nullable().default(1),
  globalLimit: z.int().min(1).nullable().default(null),
  rules: z.array(StoredRule).default([]),
}).superRefine((offer, ctx) => {
  if (Date.parse(offer.validTo) <= Date.parse(offer.validFrom)) {
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'validTo must be after validFrom' });
  }
  const terms = checkOfferTerms(offer.kind, offer.terms);
  if (!terms.ok) for (const issue of terms.issues) ctx.addIssue({ code: 'custom', path: ['terms', ...issue.path.split('.').filter(Boolean)], message: issue.message });
  const seen = new Set<string>();
  offer.content.forEach((c, i) => {
    const key = `${c.channel}:${c.language}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['content', i], message: `content for ${key} appears twice` });
    seen.add(key);
  });
});
export type CatalogOffer = z.infer<typeof CatalogOffer>;
export type CatalogOfferInput = z.input<typeof CatalogOffer>;

/** Parses an offer at a boundary; throws VALIDATION_FAILED with every issue. */
export function parseCatalogOffer(input: unknown): CatalogOffer {
  const parsed = CatalogOffer.safeParse(input);
  if (!parsed.success) {
    throw new ForecourtError('VALIDATION_FAILED', 'The offer is not valid', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

/** Copy for a channel in the customer's language, else in the fallback language, else null. */
export function contentFor(offer: Pick<CatalogOffer, 'content'>, channel: Channel, language: Language, fallback: Language = 'en'): OfferContent | null {
  return offer.content.find((c) => c.channel === channel && c.language === language)
    ?? offer.content.find((c) => c.channel === channel && c.language === fallback)
    ?? null;
}

export function isWithinValidity(offer: Pick<Offer, 'validFrom' | 'validTo'>, at: Date): boolean {
  const t = at.getTime();
  return t >= Date.parse(offer.validFrom) && t <= Date.parse(offer.validTo);
}
