import { z } from 'zod';
import { clamp01, defineNeedScore, saturate } from './define-need-score';

export const chargingPlanFit = defineNeedScore({
  code: 'charging_plan_fit',
  description: 'Fit of a public-charging subscription from DC fast-charging share and public sessions (electric vehicles only)',
  features: [
    { name: 'isEv', description: 'battery-electric or plug-in vehicle: otherwise the score is 0', effect: 'gate', unit: '0/1' },
    { name: 'dcFastShare', description: 'share of charged energy from DC fast chargers', effect: 'raises', unit: '0..1' },
    { name: 'publicSessionsPerMonth', description: 'public charging sessions per month', effect: 'raises', unit: 'sessions' },
    { name: 'homeChargingShare', description: 'share of energy charged at home', effect: 'lowers', unit: '0..1' },
  ],
  params: z.strictObject({ sessionScale: z.number().positive().default(6) }),
  evaluate: (f, p) => {
    if (f('isEv') < 1) return { score: 0, reasons: ['not an electric vehicle'] };
    const dc = clamp01(f('dcFastShare'));
    const sessions = saturate(f('publicSessionsPerMonth'), p.sessionScale);
    const away = 1 - clamp01(f('homeChargingShare'));
    const score = (0.5 * dc + 0.5 * sessions) * (0.4 + 0.6 * away);
    return { score, reasons: [`DC fast share ${dc.toFixed(2)}`, `public sessions factor ${sessions.toFixed(2)}`, `away-from-home share ${away.toFixed(2)}`] };
  },
});
