import { z } from 'zod';
import { advanceSpeed, dayMs, defineFeatureExtractor } from './define-feature-extractor';

// Slots: 0 km (decayed) | 1 distance to service km | 2 time to service s | 3 ts of the time report | 4 last speed ts | 5 last speed
export const predictedServiceDue = defineFeatureExtractor({
  code: 'predicted_service_due',
  description: 'Days until service is due: the earlier of the reported time to service and the distance to service at the observed km per day',
  signals: ['Vehicle.Service.DistanceToService', 'Vehicle.Service.TimeToService', 'Vehicle.Speed'],
  params: z.object({}),
  stateSize: 6,
  decayed: 1,
  nanSlots: [1, 2, 3, 4],
  update(s, o, input, v, ts) {
    if (input === 0) s[o + 1] = v;
    else if (input === 1) {
      s[o + 2] = v;
      s[o + 3] = ts;
    } else {
      const prev = s[o + 5] as number;
      const dt = advanceSpeed(s, o + 4, v, ts);
      if (dt > 0) s[o] = (s[o] as number) + (((prev + v) / 2) * dt) / 3600;
    }
  },
  read(s, o, _p, ctx) {
    const dist = s[o + 1] as number;
    const time = s[o + 2] as number;
    let days = Infinity;
    const detail: Record<string, number> = {};
    if (time === time) {
      const byTime = time / 86_400 - (ctx.lastTs - (s[o + 3] as number)) / dayMs;
      detail.byTimeDays = byTime;
      days = byTime;
    }
    const kmPerDay = ctx.observedMs > 0 ? (s[o] as number) / Math.max(ctx.observedMs / dayMs, 1) : 0;
    if (dist === dist && kmPerDay > 0) {
      detail.byDistanceDays = dist / kmPerDay;
      days = Math.min(days, dist / kmPerDay);
    }
    detail.kmPerDay = kmPerDay;
    return { value: days === Infinity ? null : Math.max(0, days), unit: 'days', detail };
  },
});
