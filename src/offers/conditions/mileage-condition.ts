import { z } from 'zod';
import { defineCondition } from './define-condition';

export const mileageCondition = defineCondition({
  code: 'mileage',
  description: 'The odometer reading is within [minKm, maxKm]',
  params: z.strictObject({ minKm: z.number().min(0).optional(), maxKm: z.number().min(0).optional() })
    .refine((p) => p.minKm !== undefined || p.maxKm !== undefined, 'give minKm, maxKm or both')
    .refine((p) => p.minKm === undefined || p.maxKm === undefined || p.minKm <= p.maxKm, 'minKm must not exceed maxKm'),
  evaluate: ({ minKm, maxKm }, { ctx }) => {
    const km = ctx.vehicle.odometerKm;
    const passed = (minKm === undefined || km >= minKm) && (maxKm === undefined || km <= maxKm);
    return { passed, detail: `${km} km ${passed ? 'is' : 'is not'} within [${minKm ?? 0}, ${maxKm ?? '∞'}] km` };
  },
});
