import { z } from 'zod';
import { clamp01, defineNeedScore } from './define-need-score';

export const tyreBrakeService = defineNeedScore({
  code: 'tyre_brake_service',
  description: 'Need for a tyre or brake service from tyre condition, brake wear and distance since service',
  features: [
    { name: 'tyrePressureCondition', description: 'tyre health: 1 = pressures and tread fine, 0 = poor', effect: 'lowers', unit: '0..1' },
    { name: 'brakeWear', description: 'estimated brake pad wear', effect: 'raises', unit: '0..1' },
    { name: 'kmSinceService', description: 'distance since the last workshop visit', effect: 'raises', unit: 'km' },
  ],
  params: z.strictObject({ serviceIntervalKm: z.number().positive().default(20000) }),
  evaluate: (f, p) => {
    const tyre = 1 - clamp01(f('tyrePressureCondition'));
    const brake = clamp01(f('brakeWear'));
    const due = clamp01(f('kmSinceService') / p.serviceIntervalKm);
    // Any one of the three is enough: combine as independent needs.
    const score = 1 - (1 - tyre) * (1 - brake) * (1 - 0.5 * due);
    return { score, reasons: [`tyre need ${tyre.toFixed(2)}`, `brake need ${brake.toFixed(2)}`, `service due ${due.toFixed(2)}`] };
  },
});
