import { defineRule } from '../define-rule';
import { find, percent } from '../patterns';
import { usLeaseContext } from './fin-us-001';

const aprLabel = /^\s?(?:apr\b|a\.p\.r|annual percentage rate|annual lease rate|annual rate)/;
const aprBefore = /(?:apr|annual percentage rate|annual lease rate)\s?(?:of|:|at|from)?\s?$/;
const notDiscount = /^\s?(?:off|discount|cash|back|savings?|rebate|of msrp|electric)\b/;

export const finUs004 = defineRule({
  id: 'FIN-US-004',
  family: 'fin',
  severity: 'major',
  markets: ['US', 'US-CA'],
  channels: 'all',
  description: 'Reg M lease rate presented as an APR (or without the lease-rate notice).',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    if (!usLeaseContext.test(t)) return null;
    const rates = find(ctx, new RegExp(percent, 'g')).filter((h) => !notDiscount.test(t.slice(h.j, h.j + 20)) && !/-\s?$/.test(t.slice(Math.max(0, h.i - 2), h.i)));
    if (rates.length === 0) return null;
    const asApr = rates.filter((h) => aprLabel.test(t.slice(h.j, h.j + 30)) || aprBefore.test(t.slice(Math.max(0, h.i - 30), h.i)));
    const notice = /may not measure the overall cost/.test(t);
    if (asApr.length === 0 && notice) return null;
    return {
      evidence: (asApr.length ? asApr : rates).map((h) => h.span),
      missing: notice ? [] : ['lease_rate_notice'],
      explanation: asApr.length
        ? 'A lease rate is labelled as an APR / annual percentage rate, which Reg M forbids.'
        : 'A lease rate is given without the notice that it may not measure the overall cost of financing the lease.',
      suggestedFix: 'Remove the rate, or state it as a lease rate with the notice that it may not measure the overall cost of financing the lease; never label it APR.',
    };
  },
});
