import { createRng, type Rng } from '../../kernel';
import type { Powertrain } from '../../domain';
import { featureCodes, type FeatureCode } from '../features';
import { draw01, pickWeighted, round } from '../weighted';

/**
 * HIDDEN GROUND TRUTH. Nothing outside src/simulator may import this folder
 * (lint zone + hidden-isolation.test.ts); platform strategies see only what
 * telemetry, consents and the network reveal.
 */
export const drivingProfiles = ['urban', 'highway_commuter', 'towing', 'ev_fast_charging', 'long_trips', 'night_driving'] as const;
export type DrivingProfile = (typeof drivingProfiles)[number];

export interface OwnerTraits {
  /** 0 = indifferent to price, 1 = buys only on discount. */
  priceSensitivity: number;
  /** Intrinsic wish for each feature, 0..1 (before the driving profile). */
  featureAffinity: Record<FeatureCode, number>;
  techComfort: number;
  loyalty: number;
  impulsiveness: number;
  profile: DrivingProfile;
  /** Kilometres a year. */
  annualKm: number;
  /** Share of driving at night (22:00–05:00). */
  nightShare: number;
  /** Baseline monthly probability of buying a vehicle service unprompted. */
  serviceNeedRate: number;
}

/** What each driving profile makes an owner actually use. */
export const profileUse: Record<DrivingProfile, Partial<Record<FeatureCode, number>>> = {
  urban: { navigation_plus: 0.5, performance_boost: 0.2 },
  highway_commuter: { adas_plus: 0.9, navigation_plus: 0.3 },
  towing: { trailer_assist: 0.95, adas_plus: 0.3 },
  ev_fast_charging: { fast_charge_plus: 0.9, navigation_plus: 0.4 },
  long_trips: { adas_plus: 0.6, navigation_plus: 0.8, fast_charge_plus: 0.3 },
  night_driving: { night_vision: 0.9, adas_plus: 0.3 },
};

const profileWeights = (pt: Powertrain): number[] =>
  // urban, highway, towing, ev_fast, long, night
  pt === 'bev' ? [0.3, 0.25, 0.05, 0.25, 0.1, 0.05] : pt === 'phev' ? [0.3, 0.25, 0.08, 0.12, 0.15, 0.1] : [0.3, 0.25, 0.15, 0, 0.18, 0.12];

export function drawOwnerTraits(rng: Rng, powertrain: Powertrain): OwnerTraits {
  const profile = drivingProfiles[pickWeighted(rng, profileWeights(powertrain))] ?? 'urban';
  const km: Record<DrivingProfile, number> = { urban: 9000, highway_commuter: 22000, towing: 16000, ev_fast_charging: 20000, long_trips: 26000, night_driving: 15000 };
  const featureAffinity = {} as Record<FeatureCode, number>;
  for (const f of featureCodes) featureAffinity[f] = round(draw01(rng, 0.3, 1.2), 4);
  return {
    priceSensitivity: round(draw01(rng, 0.5, 1.3), 4),
    featureAffinity,
    techComfort: round(draw01(rng, 0.5, 1.2), 4),
    loyalty: round(draw01(rng, 0.55, 1.1), 4),
    impulsiveness: round(draw01(rng, 0.3, 1.2), 4),
    profile,
    annualKm: Math.round(km[profile] * Math.exp(0.35 * rng.normal())),
    nightShare: round(profile === 'night_driving' ? draw01(rng, 0.55, 0.6) : draw01(rng, 0.06, 0.8), 4),
    serviceNeedRate: round(draw01(rng, 0.06, 0.5), 4),
  };
}

/** The traits of the owner of fleet vehicle `index`; a pure function of seed and index. */
export function ownerTraitsFor(seed: number, index: number, powertrain: Powertrain): OwnerTraits {
  return drawOwnerTraits(createRng(`${seed}/traits/${index}`), powertrain);
}
