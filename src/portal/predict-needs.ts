import { consentKey, type ConsentState } from '../domain';
import { needInputsOf, needScores, scoreNeeds, type NeedInput, type NeedScoreDefinition, type StoredReading, type VehicleFacts } from '../models';

/** The consent that marketing use of vehicle data rests on (THREATS.md INV-8, §4.5; src/telemetry readFeatures). */
export const needsConsent = { purpose: 'telematics_marketing', channel: 'any' } as const;

export type NeedStatus = 'scored' | 'not_enough_data' | 'withheld';
export type NeedReason = 'no_consent' | 'no_telemetry_features' | 'inputs_not_observed';

export interface NeedPrediction {
  code: string;
  description: string;
  status: NeedStatus;
  /** 0..1 when scored; null otherwise (never a default). */
  score: number | null;
  reason: NeedReason | null;
  /** Inputs this scorer read, with their values and sources. */
  used: NeedInput[];
  /** Inputs this scorer declares that were not observed (the scorer counts them as 0). */
  missing: string[];
  reasons: string[];
}

/**
 * A vehicle's predicted needs, one per need scorer. Without `telematics_marketing:any`
 * consent every need is withheld (`no_consent`) and no feature is read. Without stored
 * features, or when none of a scorer's inputs were observed, the need is `not_enough_data`
 * with the missing inputs listed. Otherwise the scorer's score, with the inputs it used.
 */
export function predictNeeds(
  input: { consent: ConsentState; readings: readonly StoredReading[] | null; facts: VehicleFacts },
  registry: readonly NeedScoreDefinition[] = needScores,
): NeedPrediction[] {
  const base = (s: NeedScoreDefinition) => ({ code: s.code, description: s.description });
  if (input.consent[consentKey(needsConsent.purpose, needsConsent.channel)] !== true) {
    return registry.map((s) => ({ ...base(s), status: 'withheld', score: null, reason: 'no_consent', used: [], missing: [], reasons: [`no ${needsConsent.purpose} consent`] }));
  }
  const readings = input.readings ?? [];
  const { values, used } = needInputsOf(readings, input.facts);
  const scored = scoreNeeds(values, registry);
  return registry.map((s): NeedPrediction => {
    const names = s.features.map((f) => f.name);
    const mine = used.filter((u) => names.includes(u.name));
    const missing = names.filter((n) => !(n in values));
    if (readings.length === 0) {
      return { ...base(s), status: 'not_enough_data', score: null, reason: 'no_telemetry_features', used: [], missing: names, reasons: ['no telemetry features stored for this vehicle'] };
    }
    const observed = s.features.filter((f) => f.effect !== 'gate' && f.name in values);
    if (observed.length === 0) {
      return { ...base(s), status: 'not_enough_data', score: null, reason: 'inputs_not_observed', used: mine, missing, reasons: [`none of the inputs observed: ${missing.join(', ')}`] };
    }
    const r = scored[s.code]!;
    return { ...base(s), status: 'scored', score: r.score, reason: null, used: mine, missing: [...r.missing], reasons: [...r.reasons] };
  });
}
