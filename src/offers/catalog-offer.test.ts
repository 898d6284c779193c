import { describe, it, expect } from 'vitest';
import { offerKinds, type OfferKind } from '../domain';
import { isForecourtError } from '../kernel';
import { CatalogOffer, EligibilityContext, contentFor, customerValueMinor, evaluateCatalog, parseCatalogOffer, termsSchemas } from './index';
import { eligibilityCases } from './eligibility-cases';

const validTerms: Record<OfferKind, Record<string, string | number | boolean>> = {
  cash_rebate: { amountMinor: 150_000 },
  apr_financing: { aprPct: 1.9, termMonths: 48, valueMinor: 210_000 },
  lease: { monthlyMinor: 39_900, termMonths: 36, dueAtSigningMinor: 299_900, kmPerYear: 15_000 },
  service_package: { serviceCode: 'SVC-3Y', priceMinor: 49_900, listPriceMinor: 69_900 },
  accessory: { sku: 'ROOF-BOX', priceMinor: 40_000, listPriceMinor: 50_000 },
  feature_trial: { featureCode: 'HIGHWAY_ASSIST', trialDays: 30 },
  feature_purchase: { featureCode: 'HIGHWAY_ASSIST', billing: 'monthly', priceMinor: 1_900, listPriceMinor: 2_900 },
  loyalty_bonus: { amountMinor: 100_000 },
  conquest_bonus: { amountMinor: 200_000 },
  dealer_funded: { amountMinor: 25_000, dealerId: 'dlr-home' },
};

const offer = (kind: OfferKind, over: Record<string, unknown> = {}) => ({
  id: `off-${kind.replace(/_/g, '-')}`, programId: 'prg-q4', kind, name: `A ${kind}`, markets: ['UK'],
  validFrom: '2026-10-01T00:00:00.000Z', validTo: '2026-12-31T23:59:59.000Z', terms: validTerms[kind], requires: [],
  ownerNodeId: 'nsc-uk', fundId: 'fund-uk-q4', costMinor: 10_000,
  content: [
    { channel: 'email', language: 'en', headline: 'Offer', body: 'Details inside.' },
    { channel: 'email', language: 'de', headline: 'Angebot', body: 'Details im Inneren.' },
    { channel: 'push', language: 'en', headline: 'Offer', body: 'Tap for details.' },
  ],
  ...over,
});

describe('offer catalog', () => {
  it.each([...offerKinds])('accepts a %s with its terms and applies defaults', (kind) => {
    const parsed = parseCatalogOffer(offer(kind));
    expect(parsed).toMatchObject({ kind, stackable: false, priority: 0, perCustomerLimit: 1, globalLimit: null, exclusivityGroup: null, rules: [], requiresStock: [] });
  });

  it('has a terms schema for every offer kind', () => {
    expect(Object.keys(termsSchemas).sort()).toEqual([...offerKinds].sort());
  });

  it('rejects terms that do not fit the kind', () => {
    const cash = CatalogOffer.safeParse(offer('cash_rebate', { terms: { aprPct: 2 } }));
    expect(cash.success).toBe(false);
    expect(cash.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['terms.amountMinor']));
    const apr = CatalogOffer.safeParse(offer('apr_financing', { terms: { aprPct: 2.9 } }));
    expect(apr.error?.issues.map((i) => i.path.join('.'))).toEqual(['terms.termMonths']);
    const pricey = CatalogOffer.safeParse(offer('accessory', { terms: { sku: 'X', priceMinor: 9, listPriceMinor: 5 } }));
    expect(pricey.error?.issues[0]?.message).toMatch(/must not exceed listPriceMinor/);
  });

  it('rejects an inverted validity window and duplicate content, with a coded error', () => {
    const dup = { channel: 'push', language: 'en', headline: 'Again', body: 'Same slot.' };
    try {
      parseCatalogOffer(offer('cash_rebate', { validTo: '2026-09-01T00:00:00.000Z', content: [...offer('cash_rebate').content, dup] }));
      expect.unreachable();
    } catch (error) {
      expect(isForecourtError(error) && error.code).toBe('VALIDATION_FAILED');
      const details = isForecourtError(error) ? (error.details as { issues: { path: string }[] }) : { issues: [] };
      expect(details.issues.map((i) => i.path)).toEqual(['validTo', 'content.3']);
    }
  });

  it('finds content for a channel and language, falling back to the fallback language', () => {
    const parsed = parseCatalogOffer(offer('cash_rebate'));
    expect(contentFor(parsed, 'email', 'de')?.headline).toBe('Angebot');
    expect(contentFor(parsed, 'push', 'fr')?.body).toBe('Tap for details.');
    expect(contentFor(parsed, 'sms', 'en')).toBeNull();
  });

  it('values offers for the customer by kind', () => {
    expect(customerValueMinor({ kind: 'cash_rebate', terms: validTerms.cash_rebate })).toBe(150_000);
    expect(customerValueMinor({ kind: 'service_package', terms: validTerms.service_package })).toBe(20_000);
    expect(customerValueMinor({ kind: 'apr_financing', terms: validTerms.apr_financing })).toBe(210_000);
    expect(customerValueMinor({ kind: 'feature_trial', terms: validTerms.feature_trial })).toBe(0);
  });
});

describe('catalog eligibility', () => {
  it('evaluates each offer with its own stored rules', () => {
    const ctx = EligibilityContext.parse(eligibilityCases.base.ctx);
    const open = parseCatalogOffer(offer('cash_rebate', { rules: [{ code: 'vehicle_model', params: { modelIds: ['ev-one'] } }] }));
    const closed = parseCatalogOffer(offer('loyalty_bonus', { rules: [{ code: 'mileage', params: { maxKm: 1000 } }] }));
    const results = evaluateCatalog([open, closed], ctx, new Date('2026-11-22T12:00:00Z'));
    expect(results.map((r) => [r.offerId, r.eligible, r.reasons.length])).toEqual([['off-cash-rebate', true, 3], ['off-loyalty-bonus', false, 3]]);
  });
});
