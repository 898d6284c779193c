import { consentKey, type ConsentState } from '../domain';
import type { FeatureEngine, FeatureReading, VehicleFeatureState } from './features';

/** The consent a telemetry-derived feature rests on (THREATS.md INV-8, PR-05). */
export interface ConsentBasis {
  purpose: 'telematics_marketing';
  channel: 'any';
  granted: true;
}

export interface FeatureValue extends FeatureReading {
  code: string;
  source: 'telemetry';
  basis: ConsentBasis;
  /** ISO time of the newest point behind the value. */
  asOf: string | null;
}

export interface FeatureRead {
  usable: boolean;
  features: FeatureValue[];
  reasons: string[];
}

/**
 * Features usable for marketing. Without granted `telematics_marketing`
 * consent nothing is returned (the vehicle is left out of segments), and the
 * reason says why; with it, every value records the consent it rests on.
 */
export function readFeatures(engine: FeatureEngine, vehicle: VehicleFeatureState, consent: ConsentState): FeatureRead {
  if (consent[consentKey('telematics_marketing', 'any')] !== true) return { usable: false, features: [], reasons: ['no_telematics_marketing_consent'] };
  const last = vehicle.slab[1] as number;
  const asOf = last === last ? new Date(last).toISOString() : null;
  const basis: ConsentBasis = { purpose: 'telematics_marketing', channel: 'any', granted: true };
  const features = engine.read(vehicle).map(({ code, reading }) => ({ code, ...reading, source: 'telemetry' as const, basis, asOf }));
  return { usable: true, features, reasons: ['telematics_marketing_consent_granted'] };
}

/** Readings keyed by feature code, the input of `evaluateTriggers` (empty without consent, so no trigger fires). */
export function readingsOf(read: FeatureRead): Map<string, FeatureReading> {
  return new Map(read.features.map((f) => [f.code, f]));
}
