import { z } from 'zod';
import { advanceSpeed, defineFeatureExtractor } from './define-feature-extractor';

// Slots: 0 towing s | 1 moving s (decayed) | 2 trailer connected | 3 last speed ts | 4 last speed
export const towing = defineFeatureExtractor({
  code: 'towing',
  description: 'Share of moving time with a trailer connected',
  signals: ['Vehicle.Trailer.IsConnected', 'Vehicle.Speed'],
  params: z.object({ movingKmh: z.number().default(5) }),
  stateSize: 5,
  decayed: 2,
  nanSlots: [3],
  update(s, o, input, v, ts, _raw, p) {
    if (input === 0) {
      s[o + 2] = v;
      return;
    }
    const held = s[o + 4] as number;
    const dt = advanceSpeed(s, o + 3, v, ts);
    if (dt <= 0 || held <= p.movingKmh) return;
    s[o + 1] = (s[o + 1] as number) + dt;
    if (s[o + 2] === 1) s[o] = (s[o] as number) + dt;
  },
  read(s, o) {
    const moving = s[o + 1] as number;
    if (moving < 60) return { value: null, unit: 'ratio' };
    return { value: (s[o] as number) / moving, unit: 'ratio', detail: { towingHours: (s[o] as number) / 3600 } };
  },
});
