import { z } from 'zod';
import { defineCondition } from './define-condition';

export const needScoreCondition = defineCondition({
  code: 'need_score',
  description: 'A need score (0–1) is at least a minimum; a missing score fails',
  params: z.strictObject({ need: z.string().min(1).max(100), min: z.number().min(0).max(1) }),
  evaluate: ({ need, min }, { ctx }) => {
    const score = ctx.needScores[need];
    if (score === undefined) return { passed: false, detail: `no ${need} need score` };
    return { passed: score >= min, detail: `${need} need ${score.toFixed(2)}, minimum ${min}` };
  },
});
