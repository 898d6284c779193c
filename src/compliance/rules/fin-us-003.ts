import { defineRule } from '../define-rule';
import { find, has, money, paymentAmount, spans } from '../patterns';
import { usLeaseContext } from './fin-us-001';

const signingTrigger = new RegExp(String.raw`${money}\s?(?:due at (?:lease )?signing|due at delivery|down\b|cap(?:italized)? cost reduction)|\b(?:nothing|zero|no money) (?:due|down)\b|due at (?:lease )?signing|\bcap(?:italized)? cost reduction`, 'g');
const countElement = /\b\d+\s(?:monthly\s)?payments\b|\b(?:for|over)\s\d+\s?(?:months?|mos?\.?)\b|\b\d+[- ]months?\b/;

export const finUs003 = defineRule({
  id: 'FIN-US-003',
  family: 'fin',
  severity: 'major',
  markets: ['US', 'US-CA'],
  channels: 'all',
  description: 'Reg M consumer-lease trigger terms without the required lease disclosures.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    if (!usLeaseContext.test(t)) return null;
    const payments = find(ctx, paymentAmount);
    const hits = [...payments, ...find(ctx, signingTrigger)];
    if (hits.length === 0) return null;
    const missing: string[] = [];
    if (!/\blease\w*|\bleasing\b/.test(t)) missing.push('lease_statement');
    if (!/due at (?:lease )?signing|due at delivery|at signing|due on delivery/.test(t)) missing.push('due_at_signing');
    if (payments.length === 0 || !has(ctx, countElement)) missing.push('payment_schedule');
    if (!/security deposit/.test(t)) missing.push('security_deposit_statement');
    if (/open[- ]end/.test(t) && !/residual|end of (?:the )?lease|lease[- ]end|extra charge|additional charge/.test(t)) missing.push('end_of_lease_charge');
    if (missing.length === 0) return null;
    return {
      evidence: spans(hits),
      missing,
      explanation: `Advertises a lease payment or amount due at signing without: ${missing.join(', ')}.`,
      suggestedFix: "Add e.g. 'Closed-end lease: 36 monthly payments of $299, $2,499 due at signing, no security deposit required.'",
    };
  },
});
