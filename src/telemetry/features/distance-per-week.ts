import { z } from 'zod';
import { advanceSpeed, dayMs, defineFeatureExtractor, weekMs } from './define-feature-extractor';

// Slots: 0 distance km (decayed) | 1 last speed ts | 2 last speed
export const distancePerWeek = defineFeatureExtractor({
  code: 'distance_per_week',
  description: 'Kilometres driven per week (speed integrated over time, rolling)',
  signals: ['Vehicle.Speed'],
  params: z.object({}),
  stateSize: 3,
  decayed: 1,
  nanSlots: [1],
  update(s, o, _input, v, ts) {
    const prev = s[o + 2] as number;
    const dt = advanceSpeed(s, o + 1, v, ts);
    if (dt > 0) s[o] = (s[o] as number) + (((prev + v) / 2) * dt) / 3600;
  },
  read(s, o, _p, ctx) {
    if (ctx.observedMs <= 0) return { value: null, unit: 'km/week' };
    const km = s[o] as number;
    return { value: (km / Math.max(ctx.observedMs, dayMs)) * weekMs, unit: 'km/week', detail: { km } };
  },
});
