import { z } from 'zod';
import { defineFeatureExtractor } from './define-feature-extractor';

// Slots: 0 last SoH | 1 min SoH | 2 readings
export const batteryHealth = defineFeatureExtractor({
  code: 'battery_health',
  description: 'Traction battery state of health, latest reading in percent (detail: lowest seen)',
  signals: ['Vehicle.Powertrain.TractionBattery.StateOfHealth'],
  params: z.object({}),
  stateSize: 3,
  nanSlots: [0, 1],
  update(s, o, _input, v) {
    s[o] = v;
    const m = s[o + 1] as number;
    if (!(m <= v)) s[o + 1] = v;
    s[o + 2] = (s[o + 2] as number) + 1;
  },
  read(s, o) {
    if (s[o + 2] === 0) return { value: null, unit: 'percent' };
    return { value: s[o] as number, unit: 'percent', detail: { min: s[o + 1] as number } };
  },
});
