import { defineRule } from '../define-rule';
import { ratePercents } from '../patterns';
import { usLeaseContext } from './fin-us-001';

const labelAfter = /^\s?(?:apr\b|a\.p\.r|annual percentage rate)/;
const labelBefore = /(?:apr|annual percentage rate)\s?(?:of|:|at|from|as low as)?\s?$/;

export const finUs002 = defineRule({
  id: 'FIN-US-002',
  family: 'fin',
  severity: 'major',
  markets: ['US', 'US-CA'],
  channels: 'all',
  description: 'Reg Z rate of finance charge not stated as an APR.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    if (usLeaseContext.test(t)) return null;
    const unlabelled = ratePercents(ctx).filter((h) => !labelAfter.test(t.slice(h.j, h.j + 30)) && !labelBefore.test(t.slice(Math.max(0, h.i - 30), h.i)));
    if (unlabelled.length === 0) return null;
    return {
      evidence: unlabelled.map((h) => h.span),
      missing: ['apr_label'],
      explanation: "States a credit rate as a percentage without calling it the 'annual percentage rate' / APR.",
      suggestedFix: "State the rate as an APR, e.g. '2.99% APR for qualified buyers'.",
    };
  },
});
