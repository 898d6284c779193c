import { describe, expect, it } from 'vitest';
import type { FeatureReading } from './features';
import { defaultTriggerConfig, emptyTriggerState, evaluateTriggers } from './triggers';
import { consentKey } from '../domain';
import { readFeatures, readingsOf } from './read-features';
import { testIngestor, testNow, vinA } from './test-helpers';

const readings = (over: Record<string, FeatureReading>) => new Map<string, FeatureReading>(Object.entries(over));
const t0 = new Date('2026-11-20T08:00:00Z');
const at = (h: number) => new Date(t0.getTime() + h * 3_600_000);

describe('real-time triggers', () => {
  it('fires on tyre-pressure loss, a new trouble code, low SoH and brake wear', () => {
    const out = evaluateTriggers(emptyTriggerState(), vinA, readings({
      tyre_condition: { value: 170, unit: 'kPa', detail: { low: 1 } },
      trouble_codes: { value: ['P0301'], unit: 'codes' },
      battery_health: { value: 72, unit: 'percent' },
    }), t0);
    expect(out.events.map((e) => e.kind)).toEqual(['tyre_pressure_loss', 'new_trouble_code', 'low_battery_soh']);
    expect(out.events[0]?.reasons[0]).toMatch(/tyre/);
    const none = evaluateTriggers(emptyTriggerState(), vinA, readings({ tyre_condition: { value: 240, unit: 'kPa', detail: { low: 0 } }, battery_health: { value: 95, unit: 'percent' } }), t0);
    expect(none.events).toEqual([]);
  });

  it('deduplicates per vehicle and kind within the window, then fires again after it', () => {
    const r = readings({ brake_wear: { value: 85, unit: 'percent' } });
    const a = evaluateTriggers(emptyTriggerState(), vinA, r, t0);
    const b = evaluateTriggers(a.state, vinA, r, at(1));
    expect(a.events).toHaveLength(1);
    expect(b.events).toHaveLength(0);
    expect(b.suppressed).toEqual([{ kind: 'brake_wear', reason: 'duplicate_within_window' }]);
    expect(evaluateTriggers(b.state, vinA, r, at(25)).events).toHaveLength(1);
  });

  it('a known trouble code does not fire again; a new one does', () => {
    const a = evaluateTriggers(emptyTriggerState(), vinA, readings({ trouble_codes: { value: ['P0301'], unit: 'codes' } }), t0);
    const b = evaluateTriggers(a.state, vinA, readings({ trouble_codes: { value: ['P0301'], unit: 'codes' } }), at(30));
    expect(b.events).toHaveLength(0);
    const c = evaluateTriggers(b.state, vinA, readings({ trouble_codes: { value: ['P0301', 'P0420'], unit: 'codes' } }), at(60));
    expect(c.events[0]?.detail.codes).toBe('P0420');
  });

  it('rate-limits per vehicle', () => {
    const cfg = { ...defaultTriggerConfig, maxPerVehicle: 2 };
    const out = evaluateTriggers(emptyTriggerState(), vinA, readings({
      tyre_condition: { value: 170, unit: 'kPa', detail: { low: 1 } },
      battery_health: { value: 60, unit: 'percent' },
      brake_wear: { value: 90, unit: 'percent' },
    }), t0, cfg);
    expect(out.events).toHaveLength(2);
    expect(out.suppressed).toEqual([{ kind: 'brake_wear', reason: 'vehicle_rate_limited' }]);
  });
});

describe('ingest → consent-gated features → trigger', () => {
  it('a tyre losing pressure raises an event only for a consenting owner', () => {
    const { ingestor } = testIngestor();
    const wheels = ['Row1.Wheel.Left', 'Row1.Wheel.Right', 'Row2.Wheel.Left', 'Row2.Wheel.Right'];
    ingestor.ingestRecords(wheels.map((w, i) => ({ vin: vinA, path: `Vehicle.Chassis.Axle.${w}.Tire.Pressure`, value: i === 2 ? 150 : 240, ts: testNow - 1000 })));
    const features = ingestor.vehicle(vinA)?.features ?? ingestor.engine.newVehicle(vinA);
    const yes = readFeatures(ingestor.engine, features, { [consentKey('telematics_marketing', 'any')]: true });
    const no = readFeatures(ingestor.engine, features, {});
    expect(evaluateTriggers(emptyTriggerState(), vinA, readingsOf(yes), new Date(testNow)).events.map((e) => e.kind)).toEqual(['tyre_pressure_loss']);
    expect(evaluateTriggers(emptyTriggerState(), vinA, readingsOf(no), new Date(testNow)).events).toEqual([]);
  });
});
