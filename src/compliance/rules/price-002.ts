import { defineRule } from '../define-rule';
import { find, money, spans } from '../patterns';
import { originalSentences } from '../automation-claims';

const reduction = new RegExp(
  [
    String.raw`(?:^|[\s(])[-–−]\s?\d{1,2}(?:[.,]\d+)?\s?%`,
    String.raw`\b\d{1,2}(?:[.,]\d+)?\s?%\s?(?:auf|sur)\s(?!(?:\d|den kaufpreis|le prix))`,
    String.raw`\b\d{1,2}(?:[.,]\d+)?\s?%\s?(?:off|sparen|reduziert|reduced|gunstiger|rabatt|nachlass|de remise|de reduction|moins cher|discount|reduction|remise)\b`,
    String.raw`\b(?:save|spare|sparen sie|sparen|economisez|profitez de|rabatt von|remise de|reduction de|nachlass von|discount of|savings? of)\s(?:up to\s|bis zu\s|jusqu'?a\s)?(?:${money}|\d{1,2}(?:[.,]\d+)?\s?%)`,
    String.raw`(?:${money}|\d{1,2}(?:[.,]\d+)?\s?%)\s(?:cheaper|less|gunstiger|moins cher)\b`,
    String.raw`${money}\s(?:preisvorteil|vorteil|ersparnis|rabatt|nachlass|preisnachlass|de remise|de reduction|off|discount|price cut|sparen|ersparnis|d'economie\w*)\b`,
    String.raw`\b(?:jetzt |now )?(?:reduziert|reduced|reduit\w*|price cut|preissenkung|prix barre|soldes)\b`,
    String.raw`\b(?:was|previously|vorher|bisher|statt|instead of|au lieu de)\s${money}`,
  ].join('|'),
  'g',
);
const notGoods = /\b(?:service\w*|labou?r|arbeitslohn|arbeitszeit|main[- ]d'?\s?(?:oe|œ)uvre|entretien|revision|inspektion|wartung|subscription\w*|abo\w*|abonnement\w*|software|unlock\w*|freischalt\w*|charging plan|ladetarif\w*|recharge plan|connect|apr|sollzins|taeg|financing|finanzierung|financement)\b/;
const priorPrice = new RegExp(String.raw`\b(?:statt|instead of|au lieu de|was|previously|vorher|bisher|zuvor|prix de reference|prix precedent|prior price|lowest price|niedrigste[rn]? preis|prix le plus bas|uvp|regular price|avant)\b[^.!?]{0,40}${money}|${money}[^.!?]{0,15}\b(?:statt|instead of|au lieu de)\b`);

export const price002 = defineRule({
  id: 'PRICE-002',
  family: 'price',
  severity: 'major',
  markets: ['EU', 'DE', 'FR'],
  channels: 'all',
  description: 'Price reduction on goods announced without the prior (lowest 30-day) price.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    const sents = originalSentences(ctx);
    const hits = find(ctx, reduction).filter((h) => {
      const s = sents.find((x) => h.span.start >= x.start && h.span.start < x.end)?.norm ?? '';
      return !notGoods.test(s);
    });
    if (hits.length === 0) return null;
    if (priorPrice.test(t)) return null;
    return {
      evidence: spans(hits),
      missing: ['prior_price'],
      explanation: 'Announces a price reduction on goods without stating the prior price (the lowest price of the last 30 days).',
      suggestedFix: "State the prior price, e.g. '€399 instead of €499 (our lowest price in the last 30 days)'.",
    };
  },
});
