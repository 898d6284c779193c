import { z } from 'zod';
import { advanceSpeed, defineFeatureExtractor } from './define-feature-extractor';

// Slots: 0 stops | 1 km (decayed) | 2 last speed ts | 3 last speed | 4 armed (moved fast enough since the last stop)
export const stopAndGo = defineFeatureExtractor({
  code: 'stop_and_go',
  description: 'Stop-and-go exposure: stops (speed falling below stopKmh after exceeding armKmh) per 10 km',
  signals: ['Vehicle.Speed'],
  params: z.object({ stopKmh: z.number().default(3), armKmh: z.number().default(15) }),
  stateSize: 5,
  decayed: 2,
  nanSlots: [2],
  update(s, o, _input, v, ts, _raw, p) {
    const prev = s[o + 3] as number;
    const dt = advanceSpeed(s, o + 2, v, ts);
    if (dt > 0) s[o + 1] = (s[o + 1] as number) + (((prev + v) / 2) * dt) / 3600;
    if (v >= p.armKmh) s[o + 4] = 1;
    else if (v < p.stopKmh && s[o + 4] === 1) {
      s[o + 4] = 0;
      s[o] = (s[o] as number) + 1;
    }
  },
  read(s, o) {
    const km = s[o + 1] as number;
    if (km < 1) return { value: null, unit: 'stops/10km' };
    return { value: ((s[o] as number) / km) * 10, unit: 'stops/10km', detail: { stops: s[o] as number } };
  },
});
