import { z } from 'zod';
import { defineCondition } from './define-condition';

export const priorOffersCondition = defineCondition({
  code: 'prior_offers',
  description: 'Limits on earlier receipts and redemptions of these offers (default: this offer), and a cool-down since the last receipt',
  params: z.strictObject({
    offerIds: z.array(z.string().min(1)).default([]),
    maxReceived: z.int().min(0).optional(),
    maxRedeemed: z.int().min(0).optional(),
    coolDownDays: z.number().min(0).optional(),
  }),
  evaluate: (p, { offer, ctx, now }) => {
    const ids = p.offerIds.length > 0 ? p.offerIds : [offer.id];
    const events = ctx.history.filter((e) => ids.includes(e.offerId) && Date.parse(e.at) <= now.getTime());
    const received = events.filter((e) => e.event === 'received');
    const redeemed = events.filter((e) => e.event === 'redeemed').length;
    const problems: string[] = [];
    if (p.maxReceived !== undefined && received.length > p.maxReceived) problems.push(`received ${received.length}× (max ${p.maxReceived})`);
    if (p.maxRedeemed !== undefined && redeemed > p.maxRedeemed) problems.push(`redeemed ${redeemed}× (max ${p.maxRedeemed})`);
    const last = Math.max(...received.map((e) => Date.parse(e.at)));
    const daysSince = (now.getTime() - last) / 86_400_000;
    if (p.coolDownDays !== undefined && received.length > 0 && daysSince < p.coolDownDays) problems.push(`last received ${daysSince.toFixed(1)} days ago (cool-down ${p.coolDownDays} days)`);
    if (problems.length > 0) return { passed: false, detail: problems.join('; ') };
    return { passed: true, detail: `received ${received.length}×, redeemed ${redeemed}× of ${ids.join(', ')}` };
  },
});
