import { describe, expect, it } from 'vitest';
import { gateForVehicleState } from './vehicle-gate.js';

describe('driver-distraction gate', () => {
  it('shows only when in P and standing still', () => {
    expect(gateForVehicleState({ gear: 'P', speedKph: 0 })).toEqual({ show: true });
    expect(gateForVehicleState({ gear: 'D', speedKph: 0 })).toEqual({ show: false, reason: 'not_parked' });
    expect(gateForVehicleState({ gear: 'N', speedKph: 0 })).toEqual({ show: false, reason: 'not_parked' });
    expect(gateForVehicleState({ gear: 'P', speedKph: 0.5 })).toEqual({ show: false, reason: 'not_parked' });
  });

  it('hides on a missing or malformed state', () => {
    for (const state of [undefined, {}, { gear: 'P' }, { gear: 'P', speedKph: -1 }, { gear: 'P', speedKph: Number.NaN }, { gear: 'P', speedKph: 0, override: true }]) {
      expect(gateForVehicleState(state)).toEqual({ show: false, reason: 'vehicle_state_invalid' });
    }
  });
});
