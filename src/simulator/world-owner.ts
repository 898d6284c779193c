import type { Rng } from '../kernel';
import type { Channel, Owner } from '../domain';
import { consentKey } from '../domain';
import type { SimulatedVehicle } from './fleet';
import type { OwnerTraits } from './hidden/owner-traits';
import { featureUse, initialTruthState, type OwnerTruthState } from './hidden/response-model';
import { featureCodes, featureRequirements, type FeatureCode } from './features';
import type { Product } from './economics';
import type { ObservedOwner, UsageFeatures } from './strategy';
import { clamp } from './weighted';

/** The physical state the scorecard tracks month by month (a monthly summary of what telemetry shows). */
export interface MonthlyCondition {
  padWear: number;
  leak: boolean;
  minTyreKpa: number;
  dtcs: number;
  sohPct: number | null;
  monthsSinceService: number;
  batteryCheckedMonth: number;
}

/** One owner in the scorecard world: observable record plus hidden truth (simulator-internal). */
export interface WorldOwner {
  index: number;
  sim: SimulatedVehicle;
  owner: Owner;
  traits: OwnerTraits;
  truth: OwnerTruthState;
  cond: MonthlyCondition;
  ageYears: number;
  owned: Set<FeatureCode>;
  consents: Record<string, boolean>;
  reachable: Channel[];
  purchases: ObservedOwner['purchases'][number][];
  offers: ObservedOwner['offers'][number][];
  needs: Set<Product>;
  usage: UsageFeatures;
  vehicleOfferMonth: number;
}

const highwayShareOf: Record<string, number> = { urban: 0.05, highway_commuter: 0.65, towing: 0.25, ev_fast_charging: 0.55, long_trips: 0.6, night_driving: 0.15 };

export function createWorldOwner(sim: SimulatedVehicle, nowMs: number, rng: Rng): WorldOwner | null {
  if (!sim.owner) return null;
  const consents: Record<string, boolean> = {};
  for (const c of sim.consents) if (Date.parse(c.at) <= nowMs) consents[consentKey(c.purpose, c.channel)] = c.granted;
  const traits = sim.truth.traits;
  const owned = new Set<FeatureCode>(featureCodes.filter((f) => featureRequirements[f].powertrains.includes(sim.truth.powertrain) && featureRequirements[f].minAdasLevel <= sim.truth.adasLevel && rng.next() < 0.12 * featureUse(traits, f)));
  const ageYears = (nowMs - Date.parse(sim.vehicle.registeredAt)) / (365.25 * 86_400_000);
  const ev = sim.truth.powertrain === 'bev' || sim.truth.powertrain === 'phev';
  const reachable: Channel[] = ['hmi', 'push'];
  if (sim.owner.email) reachable.push('email');
  if (sim.owner.phone) reachable.push('sms');
  return {
    index: sim.index, sim, owner: sim.owner, traits, truth: initialTruthState(traits),
    cond: {
      padWear: (sim.vehicle.odometerKm * 0.0016) % 90, leak: false, minTyreKpa: 236 + rng.int(8), dtcs: 0,
      sohPct: ev ? clamp(100 - sim.vehicle.odometerKm / 9000, 60, 100) : null, monthsSinceService: rng.int(14), batteryCheckedMonth: -99,
    },
    ageYears, owned, consents, reachable, purchases: [], offers: [], needs: new Set(), vehicleOfferMonth: -99,
    usage: { kmLastMonth: 0, highwayShare: 0, nightDrivingShare: 0, towingTrips: 0, fastChargeSessions: 0, cruiseMinutes: 0, padWearPct: 0, minTyreKpa: 0, dtcCount: 0, sohPct: null },
  };
}

/** One month of driving: wear, faults, and the usage features telemetry would show. `u` are this owner-month's uniforms. */
export function ageOneMonth(w: WorldOwner, month: number, u: readonly number[]): void {
  const t = w.traits;
  const c = w.cond;
  const km = (t.annualKm / 12) * (0.8 + 0.4 * (u[0] ?? 0.5));
  const towing = t.profile === 'towing';
  c.padWear = Math.min(100, c.padWear + km * 0.0016 * (towing ? 1.6 : 1) * (w.sim.truth.powertrain === 'bev' ? 0.5 : 1));
  if (!c.leak && (u[1] ?? 1) < 0.025) {
    c.leak = true;
    c.minTyreKpa = Math.round(200 - 30 * (u[2] ?? 0));
  } else if (c.leak) c.minTyreKpa = Math.max(90, c.minTyreKpa - 10);
  if ((u[3] ?? 1) < 0.008 + 0.002 * w.ageYears) c.dtcs++;
  if (c.sohPct !== null) c.sohPct = Math.max(50, c.sohPct - (km / 12_000) * (t.profile === 'ev_fast_charging' ? 1.8 : 1));
  c.monthsSinceService++;
  w.ageYears += 1 / 12;
  w.needs = new Set<Product>();
  if (c.padWear >= 75) w.needs.add('brakes');
  if (c.leak) w.needs.add('tyres');
  if (c.dtcs > 0 || c.monthsSinceService >= 12) w.needs.add('service');
  if (c.sohPct !== null && c.sohPct < 85 && month - c.batteryCheckedMonth > 12) w.needs.add('battery_check');
  const ev = w.sim.truth.powertrain !== 'ice' && w.sim.truth.powertrain !== 'hev';
  const highwayShare = clamp((highwayShareOf[t.profile] ?? 0.2) + 0.16 * ((u[4] ?? 0.5) - 0.5), 0, 1);
  const cruiseUser = t.profile === 'highway_commuter' || t.profile === 'long_trips' ? 0.6 : 0.15;
  w.usage = {
    kmLastMonth: Math.round(km),
    highwayShare: Math.round(highwayShare * 100) / 100,
    nightDrivingShare: Math.round(clamp(t.nightShare + 0.1 * ((u[5] ?? 0.5) - 0.5), 0, 1) * 100) / 100,
    towingTrips: towing ? 2 + Math.floor((u[6] ?? 0) * 6) : (u[6] ?? 1) < 0.05 ? 1 : 0,
    fastChargeSessions: t.profile === 'ev_fast_charging' ? 3 + Math.floor((u[7] ?? 0) * 6) : ev ? Math.floor((u[7] ?? 0) * 2) : 0,
    cruiseMinutes: w.sim.truth.adasLevel >= 1 ? Math.round(((km * highwayShare) / 100) * 60 * cruiseUser) : 0,
    padWearPct: Math.round(c.padWear),
    minTyreKpa: Math.round(c.minTyreKpa),
    dtcCount: c.dtcs,
    sohPct: c.sohPct === null ? null : Math.round(c.sohPct * 10) / 10,
  };
}

/** A dealer visit for `product` fixes the matching condition. */
export function fix(w: WorldOwner, product: Product, month: number): void {
  const c = w.cond;
  if (product === 'brakes') c.padWear = 3;
  if (product === 'tyres') { c.leak = false; c.minTyreKpa = 240; }
  if (product === 'service') { c.dtcs = 0; c.monthsSinceService = 0; }
  if (product === 'battery_check') c.batteryCheckedMonth = month;
  w.needs.delete(product);
}

/** What strategies may see of this owner. */
export function observe(w: WorldOwner): ObservedOwner {
  return {
    ownerId: w.owner.id, vin: w.sim.vehicle.vin, market: w.owner.market, modelId: w.sim.vehicle.modelId,
    powertrain: w.sim.truth.powertrain, adasLevel: w.sim.truth.adasLevel, vehicleAgeYears: Math.round(w.ageYears * 100) / 100,
    homeDealerId: w.owner.homeDealerId, consents: w.consents, reachable: w.reachable, ownedFeatures: [...w.owned],
    monthsSinceService: w.truth.retained ? w.cond.monthsSinceService : null,
    purchases: w.purchases, offers: w.offers, active: !w.truth.lost,
  };
}
