import { z } from 'zod';
import { defineCondition } from './define-condition';

export const vehicleModelCondition = defineCondition({
  code: 'vehicle_model',
  description: 'The vehicle is one of the listed models',
  params: z.strictObject({ modelIds: z.array(z.string().min(1)).min(1) }),
  evaluate: ({ modelIds }, { ctx }) => {
    const passed = modelIds.includes(ctx.vehicle.modelId);
    return { passed, detail: `model ${ctx.vehicle.modelId} ${passed ? 'is' : 'is not'} in ${modelIds.join(', ')}` };
  },
});
