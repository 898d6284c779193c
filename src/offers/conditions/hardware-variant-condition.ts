import { z } from 'zod';
import { defineCondition } from './define-condition';

export const hardwareVariantCondition = defineCondition({
  code: 'hardware_variant',
  description: 'The vehicle has one of the listed hardware variants',
  params: z.strictObject({ variantIds: z.array(z.string().min(1)).min(1) }),
  evaluate: ({ variantIds }, { ctx }) => {
    const passed = variantIds.includes(ctx.vehicle.hardwareVariantId);
    return { passed, detail: `hardware ${ctx.vehicle.hardwareVariantId} ${passed ? 'is' : 'is not'} in ${variantIds.join(', ')}` };
  },
});
