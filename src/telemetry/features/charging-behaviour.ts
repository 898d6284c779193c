import { z } from 'zod';
import { defineFeatureExtractor } from './define-feature-extractor';

// Slots: 0 DC s | 1 charging s | 2 sessions | 3 SoC-at-start sum | 4 SoC-at-start n (decayed)
//        5 charging now | 6 last charging-signal ts | 7 DC current now (A) | 8 last SoC
export const chargingBehaviour = defineFeatureExtractor({
  code: 'charging_behaviour',
  description: 'Share of charging time at DC fast chargers (value), typical state of charge at plug-in and sessions (detail)',
  signals: [
    'Vehicle.Powertrain.TractionBattery.Charging.IsCharging',
    'Vehicle.Powertrain.TractionBattery.Charging.ChargeCurrent.DC',
    'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current',
  ],
  params: z.object({ dcMinA: z.number().default(1), maxGapS: z.number().default(600) }),
  stateSize: 9,
  decayed: 5,
  nanSlots: [6, 8],
  update(s, o, input, v, ts, _raw, p) {
    const last = s[o + 6] as number;
    if (s[o + 5] === 1 && last === last && ts > last) {
      const dt = Math.min((ts - last) / 1000, p.maxGapS);
      s[o + 1] = (s[o + 1] as number) + dt;
      if ((s[o + 7] as number) >= p.dcMinA) s[o] = (s[o] as number) + dt;
    }
    if (!(ts < last)) s[o + 6] = ts;
    if (input === 0) {
      if (v === 1 && s[o + 5] !== 1) {
        s[o + 2] = (s[o + 2] as number) + 1;
        const soc = s[o + 8] as number;
        if (soc === soc) {
          s[o + 3] = (s[o + 3] as number) + soc;
          s[o + 4] = (s[o + 4] as number) + 1;
        }
      }
      s[o + 5] = v;
    } else if (input === 1) s[o + 7] = v;
    else s[o + 8] = v;
  },
  read(s, o) {
    const charging = s[o + 1] as number;
    const n = s[o + 4] as number;
    const detail: Record<string, number> = { sessions: s[o + 2] as number, chargingHours: charging / 3600 };
    if (n > 0) detail.typicalStartSoc = (s[o + 3] as number) / n;
    if (charging < 60) return { value: null, unit: 'ratio', detail };
    return { value: (s[o] as number) / charging, unit: 'ratio', detail };
  },
});
