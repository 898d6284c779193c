import { z } from 'zod';
import { defineCondition } from './define-condition';

const monthMs = 30.436875 * 86_400_000;

export const ownershipCondition = defineCondition({
  code: 'ownership',
  description: 'The customer owns the vehicle (for at least minMonths), or, for conquest, does not',
  params: z.strictObject({ relation: z.enum(['owner', 'not_owner']).default('owner'), minMonths: z.number().min(0).default(0) }),
  evaluate: ({ relation, minMonths }, { ctx, now }) => {
    const owns = ctx.vehicle.ownerId === ctx.customer.id;
    if (relation === 'not_owner') return { passed: !owns, detail: owns ? 'the customer already owns this vehicle' : 'the customer does not own this vehicle' };
    if (!owns) return { passed: false, detail: 'the customer does not own this vehicle' };
    if (minMonths === 0) return { passed: true, detail: 'the customer owns this vehicle' };
    if (ctx.customer.ownedSince === null) return { passed: false, detail: `ownership start unknown, ${minMonths} months needed` };
    const months = (now.getTime() - Date.parse(ctx.customer.ownedSince)) / monthMs;
    return { passed: months >= minMonths, detail: `owned ${months.toFixed(1)} months, ${minMonths} needed` };
  },
});
