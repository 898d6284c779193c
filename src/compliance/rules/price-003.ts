import { allMarkets, defineRule } from '../define-rule';
import { find, money, spans } from '../patterns';

const amount = String.raw`(?:${money}|(?:[-–]\s?)?\d{1,3}(?:[.,]\d+)?\s?%)`;
const upTo = String.raw`(?:up to|as much as|bis zu|jusqu'?a|hasta|fino a)`;
const savingUpTo = new RegExp(
  String.raw`\b(?:save|saving|savings|spare|sparen(?: sie)?|economisez|profitez de|rabatt|remise|discounts?|reductions?|off)\s(?:of\s)?${upTo}\s${amount}|\b${upTo}\s${amount}\s?(?:off|discount|savings?|rabatt|nachlass|de remise|de reduction|reduction|gunstiger|moins cher|cheaper|reduziert|de rabais|sconto|de descuento|sparen|ersparnis|d'economies?|economisez|de moins|de remise)\b|\b${upTo}\s${amount}\s(?:on|sur|auf)\b`,
  'g',
);
const scoped = new RegExp(String.raw`${amount}\s(?:off\s)?(?:on|for|auf|sur|pour|fur)\s(?:the\s|le\s|la\s|les\s|den\s|die\s|das\s)?(?!(?:select\w*|participating|eligible|ausgewahlt\w*|teilnehmend\w*|certain\w*|selection\w*|selectionne\w*|our\b|nos\b|unsere\b)\b)[\p{L}\p{N}]`, 'gu');
const notSaving = /^\s?(?:km|miles?|mi\b|mph|km\/h|ps|kw|hp|mpg|kwh|seats?|places|sitze|litres?|liters?|l\b)/;

export const price003 = defineRule({
  id: 'PRICE-003',
  family: 'price',
  severity: 'major',
  markets: allMarkets,
  channels: 'all',
  description: '"Up to" saving without the scope of the maximum.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    const hits = find(ctx, savingUpTo).filter((h) => !notSaving.test(t.slice(h.j, h.j + 8)));
    if (hits.length === 0) return null;
    const scopes = new Set(find(ctx, scoped).map((h) => h.match[0].trim().replace(/\s.*$/, '')));
    if (scopes.size >= 2) return null;
    return {
      evidence: spans(hits),
      missing: ['savings_scope'],
      explanation: "An 'up to' saving does not say which models or versions get the maximum and what the others get.",
      suggestedFix: "Name the versions, e.g. 'Up to $3,500 off: $3,500 on Meridian Tourer Premium; $1,000 on Meridian Tourer Base.'",
    };
  },
});
