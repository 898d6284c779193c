import { z } from 'zod';
import { defineCondition } from './define-condition';

const monthMs = 30.436875 * 86_400_000;

export const vehicleAgeCondition = defineCondition({
  code: 'vehicle_age',
  description: 'Months since first registration are within [minMonths, maxMonths]',
  params: z.strictObject({ minMonths: z.number().min(0).optional(), maxMonths: z.number().min(0).optional() })
    .refine((p) => p.minMonths !== undefined || p.maxMonths !== undefined, 'give minMonths, maxMonths or both')
    .refine((p) => p.minMonths === undefined || p.maxMonths === undefined || p.minMonths <= p.maxMonths, 'minMonths must not exceed maxMonths'),
  evaluate: ({ minMonths, maxMonths }, { ctx, now }) => {
    const months = (now.getTime() - Date.parse(ctx.vehicle.registeredAt)) / monthMs;
    const passed = (minMonths === undefined || months >= minMonths) && (maxMonths === undefined || months <= maxMonths);
    return { passed, detail: `${months.toFixed(1)} months old, ${passed ? 'within' : 'outside'} [${minMonths ?? 0}, ${maxMonths ?? '∞'}]` };
  },
});
