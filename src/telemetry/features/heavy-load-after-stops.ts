import { z } from 'zod';
import { defineFeatureExtractor, dayMs, weekMs } from './define-feature-extractor';

// Slots: 0 heavier-after-stop events | 1 long stops (decayed) | 2 stopped | 3 stop start ts | 4 weight before stop | 5 latest weight
export const heavyLoadAfterStops = defineFeatureExtractor({
  code: 'heavy_load_after_stops',
  description: 'Shopping pattern: stops of at least minStopS after which the vehicle weighs at least minGainKg more, per week (detail.share of long stops)',
  signals: ['Vehicle.CurrentOverallWeight', 'Vehicle.Speed'],
  params: z.object({ minStopS: z.number().default(300), minGainKg: z.number().default(25), stopKmh: z.number().default(1), moveKmh: z.number().default(5) }),
  stateSize: 6,
  decayed: 2,
  nanSlots: [3, 4, 5],
  update(s, o, input, v, ts, _raw, p) {
    if (input === 0) {
      s[o + 5] = v;
      return;
    }
    if (s[o + 2] !== 1 && v < p.stopKmh) {
      s[o + 2] = 1;
      s[o + 3] = ts;
      s[o + 4] = s[o + 5] as number;
    } else if (s[o + 2] === 1 && v > p.moveKmh) {
      s[o + 2] = 0;
      if (ts - (s[o + 3] as number) < p.minStopS * 1000) return;
      s[o + 1] = (s[o + 1] as number) + 1;
      const before = s[o + 4] as number;
      const after = s[o + 5] as number;
      if (before === before && after === after && after - before >= p.minGainKg) s[o] = (s[o] as number) + 1;
    }
  },
  read(s, o, _p, ctx) {
    const stops = s[o + 1] as number;
    if (ctx.observedMs <= 0 || stops === 0) return { value: null, unit: 'events/week' };
    return { value: ((s[o] as number) / Math.max(ctx.observedMs, dayMs)) * weekMs, unit: 'events/week', detail: { share: (s[o] as number) / stops } };
  },
});
