import { z } from 'zod';
import { defineFeatureExtractor } from './define-feature-extractor';

const wheels = ['Row1.Wheel.Left', 'Row1.Wheel.Right', 'Row2.Wheel.Left', 'Row2.Wheel.Right'];

// Slots 0..3 pad wear percent per wheel | 4..7 IsBrakesWorn flag per wheel
export const brakeWear = defineFeatureExtractor({
  code: 'brake_wear',
  description: 'Highest brake pad wear over the wheels in percent (0 new, 100 worn); detail.worn counts wheels flagged worn',
  signals: [
    ...wheels.map((w) => `Vehicle.Chassis.Axle.${w}.Brake.PadWear`),
    ...wheels.map((w) => `Vehicle.Chassis.Axle.${w}.Brake.IsBrakesWorn`),
  ],
  params: z.object({}),
  stateSize: 8,
  nanSlots: [0, 1, 2, 3],
  update(s, o, input, v) {
    s[o + input] = v;
  },
  read(s, o) {
    let max = -Infinity;
    let worn = 0;
    for (let k = 0; k < 4; k++) {
      const x = s[o + k] as number;
      if (x === x && x > max) max = x;
      if (s[o + 4 + k] === 1) worn++;
    }
    return { value: max === -Infinity ? null : max, unit: 'percent', detail: { worn } };
  },
});
