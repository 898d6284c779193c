import { z } from 'zod';
import { advanceSpeed, defineFeatureExtractor } from './define-feature-extractor';

// Slots: 0 engaged s | 1 moving s | 2 disengagements | 3 km (decayed) | 4 level engaged | 5 cruise active | 6 last speed ts | 7 last speed
export const adasEngagement = defineFeatureExtractor({
  code: 'adas_engagement',
  description: 'Share of moving time with driver assistance engaged (SAE level ≥ 1 or cruise control), and disengagements per 100 km',
  signals: ['Vehicle.ADAS.ActiveAutonomyLevel', 'Vehicle.ADAS.CruiseControl.IsActive', 'Vehicle.Speed'],
  params: z.object({ movingKmh: z.number().default(5) }),
  stateSize: 8,
  decayed: 4,
  nanSlots: [6],
  update(s, o, input, v, ts, _raw, p, bound) {
    const wasEngaged = s[o + 4] === 1 || s[o + 5] === 1;
    if (input === 0) {
      const level = bound.enums[0]?.[v] ?? 'SAE_0';
      const disengaging = level.endsWith('_DISENGAGING');
      s[o + 4] = level !== 'SAE_0' && !disengaging ? 1 : 0;
      if (wasEngaged && (disengaging || s[o + 4] === 0) && s[o + 5] !== 1) s[o + 2] = (s[o + 2] as number) + 1;
      return;
    }
    if (input === 1) {
      s[o + 5] = v;
      if (wasEngaged && v === 0 && s[o + 4] !== 1) s[o + 2] = (s[o + 2] as number) + 1;
      return;
    }
    const held = s[o + 7] as number;
    const dt = advanceSpeed(s, o + 6, v, ts);
    if (dt <= 0) return;
    s[o + 3] = (s[o + 3] as number) + (((held + v) / 2) * dt) / 3600;
    if (held <= p.movingKmh) return;
    s[o + 1] = (s[o + 1] as number) + dt;
    if (wasEngaged) s[o] = (s[o] as number) + dt;
  },
  read(s, o) {
    const moving = s[o + 1] as number;
    if (moving < 60) return { value: null, unit: 'ratio' };
    const km = s[o + 3] as number;
    return {
      value: (s[o] as number) / moving,
      unit: 'ratio',
      detail: { disengagements: s[o + 2] as number, disengagementsPer100km: km > 0 ? ((s[o + 2] as number) / km) * 100 : 0 },
    };
  },
});
