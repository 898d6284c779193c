import { z } from 'zod';
import { defineNeedScore, saturate } from './define-need-score';

export const intersectionAssist = defineNeedScore({
  code: 'intersection_assist',
  description: 'Value of intersection assist from V2X intersection encounters and hard braking near junctions',
  features: [
    { name: 'v2xIntersectionEncounters', description: 'signalised/V2X intersections crossed per 100 km', effect: 'raises', unit: 'per 100 km' },
    { name: 'intersectionHardBrakes', description: 'hard-braking events within 50 m of an intersection per 100 km', effect: 'raises', unit: 'per 100 km' },
    { name: 'hasIntersectionAssist', description: 'already equipped: the score is 0', effect: 'gate', unit: '0/1' },
  ],
  params: z.strictObject({ encounterScale: z.number().positive().default(30), hardBrakeScale: z.number().positive().default(2) }),
  evaluate: (f, p) => {
    if (f('hasIntersectionAssist') >= 1) return { score: 0, reasons: ['vehicle already has intersection assist'] };
    const exposure = saturate(f('v2xIntersectionEncounters'), p.encounterScale);
    const risk = saturate(f('intersectionHardBrakes'), p.hardBrakeScale);
    return { score: exposure * (0.5 + 0.5 * risk), reasons: [`intersection exposure ${exposure.toFixed(2)}`, `hard-brake risk ${risk.toFixed(2)}`] };
  },
});
