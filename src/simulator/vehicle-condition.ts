import type { Rng } from '../kernel';
import type { Powertrain } from '../domain';
import { clamp } from './weighted';

/** The physical state of a vehicle that telemetry reveals and offers respond to. */
export interface VehicleCondition {
  odometerKm: number;
  /** FL, FR, RL, RR in kPa. */
  tyreKpa: [number, number, number, number];
  /** Index of a tyre that is slowly losing pressure, or -1. */
  leakingTyre: number;
  /** Pad wear in percent (0 = new, 100 = worn out), front and rear. */
  padWear: [number, number];
  socPct: number;
  sohPct: number;
  dtcs: string[];
  /** Load in the vehicle above curb weight, kg. */
  loadKg: number;
}

export const nominalTyreKpa = 240;
const dtcPool: Record<Powertrain, readonly string[]> = {
  ice: ['P0420', 'P0171', 'P0300', 'P0128', 'C0035'],
  hev: ['P0420', 'P0A80', 'P0128', 'C0035'],
  phev: ['P0A80', 'P0AFA', 'P0420', 'C0035'],
  bev: ['P0AFA', 'P0A7F', 'P1E00', 'C0035'],
};

export function initialCondition(odometerKm: number, powertrain: Powertrain, rng: Rng): VehicleCondition {
  const wearPerKm = 100 / 60_000;
  return {
    odometerKm,
    tyreKpa: [0, 1, 2, 3].map(() => Math.round(nominalTyreKpa - 8 + 10 * rng.next())) as [number, number, number, number],
    leakingTyre: -1,
    padWear: [clamp((odometerKm * wearPerKm) % 100, 0, 99), clamp((odometerKm * wearPerKm * 0.6) % 100, 0, 99)].map((x) => Math.round(x)) as [number, number],
    socPct: powertrain === 'bev' || powertrain === 'phev' ? Math.round(40 + 50 * rng.next()) : 0,
    sohPct: powertrain === 'ice' ? 100 : Math.round(clamp(100 - odometerKm / 9000 - 3 * rng.next(), 60, 100) * 10) / 10,
    dtcs: [],
    loadKg: 0,
  };
}

/** Wear and random faults over one trip of `km` kilometres. Mutates and returns the condition. */
export function ageCondition(c: VehicleCondition, km: number, trip: { stops: number; towing: boolean; minutes: number }, powertrain: Powertrain, rng: Rng): VehicleCondition {
  c.odometerKm += km;
  const pad = (0.0012 * km + 0.01 * trip.stops) * (trip.towing ? 1.8 : 1) * (powertrain === 'bev' ? 0.5 : 1);
  c.padWear = [Math.min(100, c.padWear[0] + pad), Math.min(100, c.padWear[1] + pad * 0.6)];
  if (c.leakingTyre < 0 && rng.next() < 0.003) c.leakingTyre = rng.int(4);
  if (c.leakingTyre >= 0) {
    const t = c.leakingTyre as 0 | 1 | 2 | 3;
    c.tyreKpa[t] = Math.max(90, c.tyreKpa[t] - 0.6 * trip.minutes);
  }
  if (powertrain !== 'ice') c.sohPct = Math.max(50, c.sohPct - km / 12_000 * (trip.towing ? 1.5 : 1));
  if (rng.next() < 0.002 + c.odometerKm / 1e8) {
    const code = rng.pick(dtcPool[powertrain]);
    if (!c.dtcs.includes(code)) c.dtcs.push(code);
  }
  return c;
}

/** A dealer visit fixes what it finds: tyres, pads past 80 %, and clears trouble codes. */
export function serviceCondition(c: VehicleCondition): VehicleCondition {
  c.tyreKpa = [nominalTyreKpa, nominalTyreKpa, nominalTyreKpa, nominalTyreKpa];
  c.leakingTyre = -1;
  c.padWear = [c.padWear[0] > 80 ? 0 : c.padWear[0], c.padWear[1] > 80 ? 0 : c.padWear[1]];
  c.dtcs = [];
  return c;
}
