import { z } from 'zod';
import { advanceSpeed, defineFeatureExtractor } from './define-feature-extractor';

// Slots: 0 highway s | 1 urban s | 2 moving s (decayed) | 3 last speed ts | 4 last speed
export const roadTypeShare = defineFeatureExtractor({
  code: 'road_type_share',
  description: 'Share of moving time at highway speeds (value) and at urban speeds (detail.urban)',
  signals: ['Vehicle.Speed'],
  params: z.object({ highwayKmh: z.number().positive().default(80), urbanMaxKmh: z.number().positive().default(50), movingKmh: z.number().positive().default(5) }),
  stateSize: 5,
  decayed: 3,
  nanSlots: [3],
  update(s, o, _input, v, ts, _raw, p) {
    const held = s[o + 4] as number;
    const dt = advanceSpeed(s, o + 3, v, ts);
    if (dt <= 0 || held <= p.movingKmh) return;
    s[o + 2] = (s[o + 2] as number) + dt;
    if (held >= p.highwayKmh) s[o] = (s[o] as number) + dt;
    else if (held <= p.urbanMaxKmh) s[o + 1] = (s[o + 1] as number) + dt;
  },
  read(s, o) {
    const moving = s[o + 2] as number;
    if (moving < 60) return { value: null, unit: 'ratio' };
    return { value: (s[o] as number) / moving, unit: 'ratio', detail: { urban: (s[o + 1] as number) / moving, movingHours: moving / 3600 } };
  },
});
