import type { OfferKind } from '../domain';
import type { Language } from './channel';

/**
 * Offer terms as words, generated from the structured terms only (never typed by hand), so
 * every channel states the same numbers.
 */
export type Currency = 'USD' | 'GBP' | 'EUR';

const localeOf: Record<Language, string> = { en: 'en-US', de: 'de-DE', fr: 'fr-FR' };

export function formatMoney(minor: number, currency: Currency, language: Language): string {
  const whole = minor % 100 === 0;
  return new Intl.NumberFormat(language === 'en' && currency === 'GBP' ? 'en-GB' : localeOf[language], {
    style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2,
  }).format(minor / 100).replace(/\u00a0|\u202f/g, ' ');
}

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(localeOf[language], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
}

export function formatPercent(pct: number, language: Language): string {
  return `${new Intl.NumberFormat(localeOf[language], { maximumFractionDigits: 2 }).format(pct)}${language === 'en' ? '' : ' '}%`;
}

const n = (terms: Record<string, unknown>, k: string): number => (typeof terms[k] === 'number' ? (terms[k] as number) : 0);

const words = {
  en: { off: 'off', apr: 'APR for', months: 'months', perMonth: 'per month for', due: 'due at signing', km: 'km per year', instead: 'instead of', trial: 'day trial', bonus: 'bonus', rebate: 'cash rebate' },
  de: { off: 'Rabatt', apr: 'effektiver Jahreszins für', months: 'Monate', perMonth: 'monatlich für', due: 'bei Vertragsabschluss', km: 'km pro Jahr', instead: 'statt', trial: 'Tage Testzeitraum', bonus: 'Bonus', rebate: 'Barrabatt' },
  fr: { off: 'de remise', apr: 'TAEG sur', months: 'mois', perMonth: 'par mois pendant', due: 'à la signature', km: 'km par an', instead: 'au lieu de', trial: "jours d'essai", bonus: 'de bonus', rebate: 'de remise' },
} as const;

export function termsText(kind: OfferKind, terms: Record<string, unknown>, currency: Currency, language: Language): string {
  const w = words[language];
  const money = (k: string) => formatMoney(n(terms, k), currency, language);
  switch (kind) {
    case 'cash_rebate':
      return `${money('amountMinor')} ${w.rebate}`;
    case 'loyalty_bonus':
    case 'conquest_bonus':
      return `${money('amountMinor')} ${w.bonus}`;
    case 'dealer_funded':
      return `${money('amountMinor')} ${w.off}`;
    case 'apr_financing':
      return `${formatPercent(n(terms, 'aprPct'), language)} ${w.apr} ${n(terms, 'termMonths')} ${w.months}`;
    case 'lease':
      return `${money('monthlyMinor')} ${w.perMonth} ${n(terms, 'termMonths')} ${w.months}, ${money('dueAtSigningMinor')} ${w.due}, ${n(terms, 'kmPerYear')} ${w.km}`;
    case 'service_package':
    case 'accessory':
    case 'feature_purchase':
      return `${money('priceMinor')} ${w.instead} ${money('listPriceMinor')}`;
    case 'feature_trial':
      return `${n(terms, 'trialDays')} ${w.trial}`;
  }
}
