import { describe, expect, it } from 'vitest';
import type { ConsentState } from '../domain';
import { adasValue, needInputsOf, needScores, storedReadings } from '../models';
import { predictNeeds } from './predict-needs';

const consent = { 'telematics_marketing:any': true };
const readings = storedReadings({
  features: [
    { code: 'distance_per_week', value: 140, unit: 'km/week' },
    { code: 'road_type_share', value: 0.5, unit: 'ratio', detail: { urban: 0.2 } },
    { code: 'towing', value: null, unit: 'ratio' },
    { code: 'charging_behaviour', value: 0.4, unit: 'ratio', detail: { sessions: 3 } },
  ],
});

describe('predicted needs', () => {
  it('withholds every need without telematics_marketing consent, whatever is stored', () => {
    const states: ConsentState[] = [{}, { 'telematics_marketing:any': false }, { 'marketing_contact:email': true }, { 'telematics_marketing:email': true }];
    for (const c of states) {
      const out = predictNeeds({ consent: c, readings, facts: { powertrain: 'bev', adasLevel: 1 } });
      expect(out.map((n) => n.code)).toEqual(needScores.map((s) => s.code));
      for (const n of out) expect(n).toMatchObject({ status: 'withheld', reason: 'no_consent', score: null, used: [] });
    }
  });

  it('says not enough data, with every input missing, when no features are stored', () => {
    for (const r of [null, [], storedReadings({ basis: { granted: false }, features: [] }), storedReadings('not json'), storedReadings({ features: 'x' })]) {
      for (const n of predictNeeds({ consent, readings: r, facts: { powertrain: 'ice', adasLevel: 0 } })) {
        expect(n).toMatchObject({ status: 'not_enough_data', reason: 'no_telemetry_features', score: null });
        expect(n.missing.length).toBeGreaterThan(0);
      }
    }
  });

  it('scores from the observed inputs and lists what it used and what is missing', () => {
    const out = Object.fromEntries(predictNeeds({ consent, readings, facts: { powertrain: 'bev', adasLevel: 1 } }).map((n) => [n.code, n]));
    const monthlyKm = (140 * 30.44) / 7;
    expect(out.adas_value!.status).toBe('scored');
    expect(out.adas_value!.score).toBeCloseTo(adasValue.evaluate({ highwayShare: 0.5, stopAndGoExposure: 0.2, monthlyKm, hasAdas: 0 }).score, 12);
    expect(out.adas_value!.used.map((u) => [u.name, u.from])).toEqual([
      ['highwayShare', 'road_type_share'], ['stopAndGoExposure', 'road_type_share.detail.urban'], ['monthlyKm', 'distance_per_week'], ['hasAdas', 'vehicle.hardware.adas_level'],
    ]);
    expect(out.adas_value!.missing).toEqual([]);
    expect(out.charging_plan_fit).toMatchObject({ status: 'scored', missing: ['publicSessionsPerMonth', 'homeChargingShare'] });
    // A feature without a value (towing: null) is not an input; V2X is never joined to one vehicle.
    expect(out.towing_package).toMatchObject({ status: 'not_enough_data', reason: 'inputs_not_observed', score: null });
    expect(out.intersection_assist).toMatchObject({ status: 'not_enough_data', reason: 'inputs_not_observed' });
    expect(out.tyre_brake_service).toMatchObject({ status: 'not_enough_data', reason: 'inputs_not_observed' });
  });

  it('takes equipment gates from the vehicle record, never from a default', () => {
    const equipped = predictNeeds({ consent, readings, facts: { powertrain: 'ice', adasLevel: 2 } }).find((n) => n.code === 'adas_value')!;
    expect(equipped).toMatchObject({ status: 'scored', score: 0 });
    expect(needInputsOf(readings, { powertrain: null, adasLevel: null }).values).not.toHaveProperty('hasAdas');
    expect(needInputsOf(readings, { powertrain: null, adasLevel: null }).values).not.toHaveProperty('isEv');
    expect(needInputsOf(readings, { powertrain: 'ice', adasLevel: 0 }).values.isEv).toBe(0);
  });
});
