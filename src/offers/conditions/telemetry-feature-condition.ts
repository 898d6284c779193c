import { z } from 'zod';
import { defineCondition } from './define-condition';

const ops = { gte: (a: number, b: number) => a >= b, gt: (a: number, b: number) => a > b, lte: (a: number, b: number) => a <= b, lt: (a: number, b: number) => a < b, eq: (a: number, b: number) => a === b };
const symbols = { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' } as const;

export const telemetryFeatureCondition = defineCondition({
  code: 'telemetry_feature',
  description: 'A telemetry feature compares to a threshold; a missing feature fails',
  params: z.strictObject({ feature: z.string().min(1).max(100), op: z.enum(['gte', 'gt', 'lte', 'lt', 'eq']), value: z.number() }),
  evaluate: ({ feature, op, value }, { ctx }) => {
    const actual = ctx.features[feature];
    if (actual === undefined) return { passed: false, detail: `feature ${feature} is missing` };
    const passed = ops[op](actual, value);
    return { passed, detail: `${feature} = ${actual}, needs ${symbols[op]} ${value}` };
  },
});
