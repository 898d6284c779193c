import type { RuleContext } from './define-rule';
import { matchRegex, type RegexHit } from './lexicon';
import type { Span } from './text-view';

/**
 * Shared patterns over the `norm` view (folded, lower-case, no diacritics).
 * Numbers and prices are matched here, never in the leetspeak-mapped `lex` view.
 */

export const money = String.raw`(?:[$£€]\s?\d{1,3}(?:[ ,.]\d{3})*(?:[.,]\d{1,2})?(?!\d)|\d{1,3}(?:[ .,]\d{3})*(?:[.,]\d{1,2})?\s?(?:€|eur\b|euros?\b|gbp\b|usd\b))`;
export const perPeriod = String.raw`(?:\s?\/\s?(?:mo|mth|month|monat|mois|mes|wk|week|semaine|woche)\b|\s(?:per|a|each|every|par|pro|al)\s(?:month|week|mois|monat|semaine|woche|mo)\b|\s?p\/?m\b|\smtl\b\.?|\smonatlich\b|\sby the month\b|\smensuel\w*)`;
export const percent = String.raw`\d{1,3}(?:[.,]\d{1,3})?\s?%`;

export const paymentAmount = new RegExp(String.raw`${money}${perPeriod}|\b(?:monthly |weekly )?payments? of ${money}|\b(?:raten?|monatsraten?|mensualites?|echeances?|loyers?|instalments?|installments?) (?:von |de |of |a |à )?(?:je )?${money}`, 'g');

export function find(ctx: RuleContext, re: RegExp): RegexHit[] {
  return matchRegex(ctx.text, re);
}

export function has(ctx: RuleContext, re: RegExp): boolean {
  re.lastIndex = 0;
  const found = re.test(ctx.text.norm.text);
  re.lastIndex = 0;
  return found;
}

export function spans(hits: readonly RegexHit[]): Span[] {
  return hits.map((h) => h.span);
}

const percentRe = new RegExp(percent, 'g');

/** Percentages that are credit rates (not discounts, shares or electric percentages). */
export function ratePercents(ctx: RuleContext): RegexHit[] {
  const t = ctx.text.norm.text;
  return find(ctx, percentRe).filter((h) => {
    const after = t.slice(h.j, h.j + 40);
    const before = t.slice(Math.max(0, h.i - 40), h.i);
    if (/^\s?(?:off|down|discount|cash|back|savings?|rebate|of msrp|more|less|electric|elektrisch|electrique|reduziert|rabatt|gunstiger|de remise|de reduction|moins cher|nachlass|charged?|battery|renewable|recycl\w*|des|der|of the|of our|of|dto|remise|reduction)\b/.test(after)) return false;
    if (/(?:save|spare|sparen|economisez|up to|bis zu|jusqu'?a|-|–|−)\s?$/.test(before)) return false;
    return (
      /^\s?(?:(?:for|over|sur|auf|uber|pendant)\s\d+\s(?:months|monate|mois|years|jahre|ans)\b|apr|a\.p\.r|annual|financ\w*|finanzier\w*|interest|rate|fixed|variable|loan|sollzins\w*|effektiv\w*|jahreszins|taeg|taux|fest|gebunden|fixe|eff\.|p\.a\.|zins\w*|representative)/.test(after) ||
      /(?:rates?|financ\w*|finanzier\w*|interest|loan|apr|taeg|sollzins\w*|jahreszins|taux|zins\w*|credit|kredit|at|mit|a|zu|from|ab|des|von)\s(?:\S+\s){0,3}$/.test(before)
    );
  });
}
