import type { Scenario } from './scenario';
import { prepareMarket, simulateFleet } from './generate-market';
import { driveTrip, type KinematicSample } from './drive-cycle';
import { driverStyle, planTrip } from './trip-plan';
import { dayRng } from './telemetry';
import { intersectionEncounters, type OdeMessage } from './v2x';

/**
 * V2X along each vehicle's daily trip: the trip is driven at 10 Hz (the BSM rate) and every
 * signalised stop yields the vehicle's BSMs and the intersection's SPaT.
 */
export function* fleetV2x(scenario: Scenario, opts: { seed: number; vehicles?: number; fromMs?: number; days: number }): Generator<OdeMessage> {
  const { ctx, count } = prepareMarket(scenario, { seed: opts.seed, vehicles: opts.vehicles });
  const from = opts.fromMs ?? Date.parse(scenario.startsAt);
  for (const sim of simulateFleet(ctx, count)) {
    const t = sim.truth.traits;
    for (let d = 0; d < opts.days; d++) {
      const rng = dayRng(opts.seed, sim.index, 10_000 + d);
      const samples: KinematicSample[] = [...driveTrip({
        segments: planTrip(t.profile, rng), startMs: from + d * 86_400_000 + (7 + rng.int(12)) * 3_600_000,
        lat: sim.truth.homeLat, lon: sim.truth.homeLon, powertrain: sim.truth.powertrain, style: driverStyle(t.impulsiveness, false), dtS: 0.1,
      }, rng)];
      const tempId = (sim.index * 2654435761 >>> 0).toString(16).toUpperCase().padStart(8, '0');
      yield* intersectionEncounters(samples, tempId, `${opts.seed}-${sim.index}-${d}`);
    }
  }
}
