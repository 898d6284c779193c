import { defineRule } from '../define-rule';
import { find, has, money, paymentAmount, spans } from '../patterns';

export const usLeaseContext = /\blease\w*|\bleasing\b|due at (?:lease )?signing/;
export const usCreditContext = /financ\w*|\bloans?\b|\bapr\b|annual percentage|\bcredit\b|interest|down payment|\$[\d,]+ down|\d+\s?% down|\d\s?%\s?(?:for|over) \d+ months|per \$1,?000|\bbuy\b|\bpurchase\b|\bown\b/;

const downTrigger = /(?:\$\s?(?!0(?:\.00)?\b)[\d,]+(?:\.\d+)?|\d+(?:\.\d+)?\s?%)\s?down\b|\bdown payment of \$\s?(?!0\b)[\d,]+|\b\d+\s?% financing available\b/g;
const periodTrigger = /\b(?:for|over)\s(?:up to\s)?\d+\s?(?:months?|mos?\.?|years?|yrs?)\b|\b\d+\s(?:monthly\s|weekly\s)?payments\b|\b\d+[- ]month (?:financing|loan|term|finance)\b|\bfinancing for \d+/g;
const chargeTrigger = new RegExp(String.raw`${money} (?:in )?(?:interest|finance charges?)\b|\b(?:interest|finance charges?) of ${money}`, 'g');

const downElement = /down payment|\$\s?[\d,.]+\s?down\b|\d+\s?%\s?down\b|\bno down payment\b|\bzero down\b|\bnothing down\b|\bno money down\b|\$0 due\b/;
const aprElement = /\d+(?:\.\d+)?\s?%\s?(?:apr\b|a\.p\.r|annual percentage rate)|(?:apr|annual percentage rate)\s?(?:of|:|at|from)?\s?\d+(?:\.\d+)?\s?%/;
const countElement = /\b(?:for|over)\s\d+\s?(?:months?|mos?\.?|years?|yrs?)\b|\b\d+\s(?:monthly\s|weekly\s)?payments\b|\b\d+[- ]month\b|\b\d+\smonths\b/;

export const finUs001 = defineRule({
  id: 'FIN-US-001',
  family: 'fin',
  severity: 'major',
  markets: ['US', 'US-CA'],
  channels: 'all',
  description: 'Reg Z closed-end credit trigger terms without down payment, repayment terms and APR.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    if (usLeaseContext.test(t)) return null;
    const payments = find(ctx, paymentAmount);
    if (payments.length === 0 && !usCreditContext.test(t)) return null;
    const hits = [...find(ctx, downTrigger), ...find(ctx, periodTrigger), ...payments, ...find(ctx, chargeTrigger)];
    if (hits.length === 0) return null;
    const missing: string[] = [];
    if (!has(ctx, downElement)) missing.push('down_payment');
    if (payments.length === 0 || !has(ctx, countElement)) missing.push('repayment_terms');
    if (!has(ctx, aprElement)) missing.push('apr');
    if (missing.length === 0) return null;
    return {
      evidence: spans(hits),
      missing,
      explanation: `States a Reg Z trigger term (down payment, number/period of payments, payment or finance-charge amount) without: ${missing.join(', ')}.`,
      suggestedFix: "Add a typical example, e.g. '$249/mo for 60 months at 4.9% APR with $3,000 down, based on $13,200 financed.'",
    };
  },
});
