import { z } from 'zod';
import { clamp01, defineNeedScore, saturate } from './define-need-score';

export const adasValue = defineNeedScore({
  code: 'adas_value',
  description: 'Value of driver-assistance features (adaptive cruise, traffic-jam assist) from highway and stop-and-go exposure',
  features: [
    { name: 'highwayShare', description: 'share of distance on motorways', effect: 'raises', unit: '0..1' },
    { name: 'stopAndGoExposure', description: 'share of driving time in stop-and-go traffic', effect: 'raises', unit: '0..1' },
    { name: 'monthlyKm', description: 'distance driven per month', effect: 'raises', unit: 'km' },
    { name: 'hasAdas', description: 'already equipped: the score is 0', effect: 'gate', unit: '0/1' },
  ],
  params: z.strictObject({ highwayWeight: z.number().min(0).default(0.6), stopAndGoWeight: z.number().min(0).default(0.4), kmScale: z.number().positive().default(1500) }),
  evaluate: (f, p) => {
    if (f('hasAdas') >= 1) return { score: 0, reasons: ['vehicle already has ADAS'] };
    const exposure = clamp01((p.highwayWeight * clamp01(f('highwayShare')) + p.stopAndGoWeight * clamp01(f('stopAndGoExposure'))) / (p.highwayWeight + p.stopAndGoWeight));
    const usage = saturate(f('monthlyKm'), p.kmScale);
    const score = exposure * (0.3 + 0.7 * usage);
    return { score, reasons: [`exposure ${exposure.toFixed(2)} (highway ${f('highwayShare').toFixed(2)}, stop-and-go ${f('stopAndGoExposure').toFixed(2)})`, `usage factor ${usage.toFixed(2)}`] };
  },
});
