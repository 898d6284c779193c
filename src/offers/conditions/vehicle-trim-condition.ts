import { z } from 'zod';
import { defineCondition } from './define-condition';

export const vehicleTrimCondition = defineCondition({
  code: 'vehicle_trim',
  description: 'The vehicle has one of the listed trims',
  params: z.strictObject({ trimIds: z.array(z.string().min(1)).min(1) }),
  evaluate: ({ trimIds }, { ctx }) => {
    const passed = trimIds.includes(ctx.vehicle.trimId);
    return { passed, detail: `trim ${ctx.vehicle.trimId} ${passed ? 'is' : 'is not'} in ${trimIds.join(', ')}` };
  },
});
