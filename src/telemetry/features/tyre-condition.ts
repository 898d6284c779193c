import { z } from 'zod';
import { defineFeatureExtractor } from './define-feature-extractor';

const wheels = ['Row1.Wheel.Left', 'Row1.Wheel.Right', 'Row2.Wheel.Left', 'Row2.Wheel.Right'];

// Slots 0..3 latest pressure kPa per wheel | 4..7 IsPressureLow flag per wheel
export const tyreCondition = defineFeatureExtractor({
  code: 'tyre_condition',
  description: 'Lowest tyre pressure in kPa (value); detail.low counts tyres flagged low or below lowRatio of the highest tyre',
  signals: [
    ...wheels.map((w) => `Vehicle.Chassis.Axle.${w}.Tire.Pressure`),
    ...wheels.map((w) => `Vehicle.Chassis.Axle.${w}.Tire.IsPressureLow`),
  ],
  params: z.object({ lowRatio: z.number().min(0.5).max(1).default(0.85), minKpa: z.number().default(150) }),
  stateSize: 8,
  nanSlots: [0, 1, 2, 3],
  update(s, o, input, v) {
    s[o + input] = v;
  },
  read(s, o, p) {
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < 4; k++) {
      const x = s[o + k] as number;
      if (x !== x) continue;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    let low = 0;
    for (let k = 0; k < 4; k++) {
      const x = s[o + k] as number;
      const flagged = s[o + 4 + k] === 1;
      const relLow = x === x && (x < p.minKpa || x < p.lowRatio * max);
      if (flagged || relLow) low++;
    }
    const detail: Record<string, number> = { low };
    if (min === Infinity) return { value: null, unit: 'kPa', detail };
    detail.spread = max - min;
    return { value: min, unit: 'kPa', detail };
  },
});
