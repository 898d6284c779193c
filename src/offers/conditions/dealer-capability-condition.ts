import { z } from 'zod';
import { defineCondition } from './define-condition';

export const dealerCapabilityCondition = defineCondition({
  code: 'dealer_capability',
  description: 'The serving dealer is certified for every competency the offer needs and (optionally) holds its stock',
  params: z.strictObject({ checkStock: z.boolean().default(true) }),
  evaluate: ({ checkStock }, { offer, ctx }) => {
    if (ctx.dealer === null) return { passed: false, detail: 'no serving dealer' };
    const { dealer, stock } = ctx.dealer;
    const uncertified = offer.requires
      .filter((r) => !dealer.technicians.some((p) => p.competency === r.competency && p.technicians > 0))
      .map((r) => r.competency);
    const missing = checkStock
      ? offer.requiresStock.filter((sku) => !stock.some((s) => s.dealerId === dealer.id && s.sku === sku && s.quantity > 0))
      : [];
    const problems = [
      ...(uncertified.length > 0 ? [`${dealer.id} not certified for ${uncertified.join(', ')}`] : []),
      ...(missing.length > 0 ? [`${dealer.id} has no stock of ${missing.join(', ')}`] : []),
    ];
    return problems.length > 0 ? { passed: false, detail: problems.join('; ') } : { passed: true, detail: `${dealer.id} can fulfil the offer` };
  },
});
