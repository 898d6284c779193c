import { z } from 'zod';
import { advanceSpeed, defineFeatureExtractor } from './define-feature-extractor';

// Slots: 0 events | 1 km (decayed) | 2 last speed ts | 3 last speed | 4 in event | 5 accelerometer seen
export const hardBraking = defineFeatureExtractor({
  code: 'hard_braking',
  description: 'Hard-braking events (deceleration beyond thresholdMs2) per 100 km; from the accelerometer when present, else from speed at ≤ 2 s spacing',
  signals: ['Vehicle.Speed', 'Vehicle.Acceleration.Longitudinal'],
  params: z.object({ thresholdMs2: z.number().positive().default(3.5), rearmMs2: z.number().positive().default(1.5) }),
  stateSize: 6,
  decayed: 2,
  nanSlots: [2],
  update(s, o, input, v, ts, _raw, p) {
    let decel: number;
    if (input === 1) {
      s[o + 5] = 1;
      decel = -v;
    } else {
      const prev = s[o + 3] as number;
      const dt = advanceSpeed(s, o + 2, v, ts);
      if (dt <= 0) return;
      s[o + 1] = (s[o + 1] as number) + (((prev + v) / 2) * dt) / 3600;
      if (s[o + 5] === 1 || dt > 2) return;
      decel = (prev - v) / 3.6 / dt;
    }
    if (decel >= p.thresholdMs2 && s[o + 4] === 0) {
      s[o + 4] = 1;
      s[o] = (s[o] as number) + 1;
    } else if (decel < p.rearmMs2) s[o + 4] = 0;
  },
  read(s, o) {
    const km = s[o + 1] as number;
    if (km < 1) return { value: null, unit: 'events/100km' };
    return { value: ((s[o] as number) / km) * 100, unit: 'events/100km', detail: { events: s[o] as number } };
  },
});
