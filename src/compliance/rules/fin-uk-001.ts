import { defineRule } from '../define-rule';
import { monthlyCarPrice } from './fin-eu-001';
import { find, has, money, paymentAmount, ratePercents, spans } from '../patterns';

export const ukCreditContext = /\bpcp\b|\bhp\b|hire purchase|financ\w*|\bcredit\b|\bloans?\b|\bapr\b|personal contract purchase|representative|deposit/;

const depositFigure = new RegExp(String.raw`${money}\s(?:deposit|customer deposit)\b(?! contribution)|\bdeposit of ${money}`, 'g');

export const finUk001 = defineRule({
  id: 'FIN-UK-001',
  family: 'fin',
  severity: 'major',
  markets: ['UK'],
  channels: 'all',
  description: 'CONC 3.5.3R: cost-of-credit figure without a complete representative example.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    if (!ukCreditContext.test(t) && !monthlyCarPrice(ctx)) return null;
    const repApr = (h: { i: number; j: number }): boolean =>
      /representative/.test(t.slice(Math.max(0, h.i - 40), h.j + 40)) && /apr/.test(t.slice(Math.max(0, h.i - 30), h.j + 30));
    const rates = ratePercents(ctx).filter((h) => !repApr(h));
    const hits = [...find(ctx, paymentAmount), ...rates, ...find(ctx, depositFigure)];
    if (hits.length === 0) return null;
    const missing: string[] = [];
    const rateStated = /interest|\brate\b/.test(t) || /\d\s?%\s?(?:fixed|variable)/.test(t);
    if (!(rateStated && /fixed|variable/.test(t))) missing.push('interest_rate');
    if (!/(?:total )?amount of credit|total credit|credit amount|\bcredit ?:? ?£/.test(t)) missing.push('total_credit');
    if (!(/representative/.test(t) && /\bapr\b/.test(t))) missing.push('representative_apr');
    if (!(/cash price/.test(t) && /deposit|advance payment/.test(t))) missing.push('cash_price_and_deposit');
    if (!/duration|\b\d+\s?months\b|\bterm of\b|\b\d+[- ]month (?:agreement|term)/.test(t)) missing.push('duration');
    if (!/total (?:amount )?(?:payable|repayable)|total to pay/.test(t)) missing.push('total_payable');
    if (!has(ctx, paymentAmount)) missing.push('repayment_amounts');
    if (/\bfees?\b|\bcharges?\b/.test(t) && !/no (?:other )?(?:fees|charges)|(?:fee|charge)s? (?:of )?£\s?\d|£\s?[\d,.]+ (?:\w+ )?(?:fee|charge)/.test(t)) missing.push('other_charges');
    if (missing.length === 0) return null;
    return {
      evidence: spans(hits),
      missing,
      explanation: `Indicates a rate or cost-of-credit figure without a complete representative example: ${missing.join(', ')} missing.`,
      suggestedFix: "Add a representative example: cash price, deposit, total credit, number and amount of repayments (incl. final payment), total payable, duration, fixed/variable rate of interest and the representative APR.",
    };
  },
});
