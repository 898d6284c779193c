import { z } from 'zod';
import { MarketCode } from '../../domain';
import { defineCondition } from './define-condition';

export const marketCondition = defineCondition({
  code: 'market',
  description: 'The vehicle is registered in one of the listed markets',
  params: z.strictObject({ markets: z.array(MarketCode).min(1) }),
  evaluate: ({ markets }, { ctx }) => {
    const passed = markets.includes(ctx.vehicle.market);
    return { passed, detail: `vehicle market ${ctx.vehicle.market} ${passed ? 'is' : 'is not'} in ${markets.join(', ')}` };
  },
});
