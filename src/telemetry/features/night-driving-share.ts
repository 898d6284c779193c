import { z } from 'zod';
import { advanceSpeed, defineFeatureExtractor } from './define-feature-extractor';

// Slots: 0 night s | 1 moving s (decayed) | 2 last speed ts | 3 last speed
export const nightDrivingShare = defineFeatureExtractor({
  code: 'night_driving_share',
  description: 'Share of moving time between nightStartHour and nightEndHour local time',
  signals: ['Vehicle.Speed'],
  params: z.object({
    utcOffsetMinutes: z.int().min(-720).max(840).default(0),
    nightStartHour: z.int().min(0).max(23).default(22),
    nightEndHour: z.int().min(0).max(23).default(5),
    movingKmh: z.number().default(5),
  }),
  stateSize: 4,
  decayed: 2,
  nanSlots: [2],
  update(s, o, _input, v, ts, _raw, p) {
    const held = s[o + 3] as number;
    const dt = advanceSpeed(s, o + 2, v, ts);
    if (dt <= 0 || held <= p.movingKmh) return;
    s[o + 1] = (s[o + 1] as number) + dt;
    const hour = Math.floor((((ts + p.utcOffsetMinutes * 60_000) % 86_400_000) + 86_400_000) % 86_400_000 / 3_600_000);
    const night = p.nightStartHour > p.nightEndHour ? hour >= p.nightStartHour || hour < p.nightEndHour : hour >= p.nightStartHour && hour < p.nightEndHour;
    if (night) s[o] = (s[o] as number) + dt;
  },
  read(s, o) {
    const moving = s[o + 1] as number;
    if (moving < 60) return { value: null, unit: 'ratio' };
    return { value: (s[o] as number) / moving, unit: 'ratio' };
  },
});
