import { describe, expect, it } from 'vitest';
import { testIngestor, testNow, vinA } from '../test-helpers';

type P = [path: string, value: unknown, tsOffsetS: number];

/** Feeds points (offset seconds from a start 2 days before "now") and returns the named feature. */
function feature(code: string, points: P[], start = testNow - 2 * 86_400_000) {
  const { ingestor } = testIngestor();
  const r = ingestor.ingestRecords(points.map(([path, value, s]) => ({ vin: vinA, path, value, ts: start + s * 1000 })));
  expect(r.rejected).toBe(0);
  const rec = ingestor.vehicle(vinA);
  if (!rec) throw new Error('vehicle missing');
  const got = ingestor.engine.read(rec.features).find((f) => f.code === code);
  if (!got) throw new Error(`no feature ${code}`);
  return got.reading;
}

const speeds = (from: number, values: number[], path = 'Vehicle.Speed'): P[] => values.map((v, i) => [path, v, from + i]);
const constant = (from: number, n: number, v: number) => speeds(from, Array.from({ length: n }, () => v));

describe('feature extractors', () => {
  it('distance_per_week integrates speed: 1 h at 60 km/h observed over one day → 420 km/week', () => {
    const pts = [...constant(0, 3601, 60), ['Vehicle.Speed', 0, 86_400] as P];
    const r = feature('distance_per_week', pts);
    // one day boundary passed, so the sum decayed once by 0.5^(1/28)
    expect(r.detail?.km as number).toBeCloseTo(60 * Math.pow(0.5, 1 / 28), 0);
    expect(r.value as number).toBeGreaterThan(400);
    expect(r.value as number).toBeLessThan(440);
  });

  it('road_type_share splits highway and urban time', () => {
    const r = feature('road_type_share', [...constant(0, 600, 110), ...constant(600, 1800, 40)]);
    expect(r.value as number).toBeCloseTo(0.25, 1);
    expect(r.detail?.urban as number).toBeCloseTo(0.75, 1);
  });

  it('stop_and_go counts stops per 10 km', () => {
    const cycle = [0, 10, 20, 30, 40, 40, 40, 40, 40, 40, 40, 40, 30, 20, 10, 0];
    const pts: P[] = [];
    for (let c = 0; c < 20; c++) pts.push(...speeds(c * 16, cycle));
    const r = feature('stop_and_go', pts);
    expect(r.detail?.stops).toBe(20);
    expect(r.value as number).toBeGreaterThan(50);
  });

  it('night_driving_share sees driving at 23:00 UTC as night', () => {
    const midnight = Date.parse('2026-11-18T00:00:00Z');
    const r = feature('night_driving_share', [...constant(12 * 3600, 600, 50), ...constant(23 * 3600, 600, 50)], midnight);
    expect(r.value as number).toBeCloseTo(0.5, 1);
  });

  it('adas_engagement measures engaged time and disengagements', () => {
    const pts: P[] = [['Vehicle.ADAS.ActiveAutonomyLevel', 'SAE_2', 0], ...constant(0, 600, 100), ['Vehicle.ADAS.ActiveAutonomyLevel', 'SAE_2_DISENGAGING', 600], ...constant(600, 600, 100)];
    const r = feature('adas_engagement', pts);
    expect(r.value as number).toBeCloseTo(0.5, 1);
    expect(r.detail?.disengagements).toBe(1);
  });

  it('hard_braking finds a 0.5 s·g stop from speed at 1 Hz and ignores gentle braking', () => {
    const pts = [...constant(0, 600, 80), ...speeds(600, [80, 60, 40, 20, 0]), ...speeds(605, [0, 10, 20, 30, 40, 50, 60, 70, 80]), ...speeds(614, [80, 77, 74, 71, 68])];
    const r = feature('hard_braking', pts);
    expect(r.detail?.events).toBe(1);
  });

  it('towing reports the share of moving time with a trailer', () => {
    const r = feature('towing', [['Vehicle.Trailer.IsConnected', true, 0], ...constant(0, 300, 70), ['Vehicle.Trailer.IsConnected', false, 300], ...constant(300, 900, 70)]);
    expect(r.value as number).toBeCloseTo(0.25, 1);
  });

  it('charging_behaviour reports the DC fast share and SoC at plug-in', () => {
    const base = 'Vehicle.Powertrain.TractionBattery.';
    const pts: P[] = [
      [`${base}StateOfCharge.Current`, 20, 0],
      [`${base}Charging.ChargeCurrent.DC`, 150, 1],
      [`${base}Charging.IsCharging`, true, 2],
      [`${base}StateOfCharge.Current`, 80, 1800],
      [`${base}Charging.IsCharging`, false, 1802],
      [`${base}Charging.ChargeCurrent.DC`, 0, 3000],
      [`${base}StateOfCharge.Current`, 40, 3001],
      [`${base}Charging.IsCharging`, true, 3002],
      [`${base}StateOfCharge.Current`, 60, 3600 + 3002],
      [`${base}Charging.IsCharging`, false, 3600 + 3003],
    ];
    for (let t = 300; t < 1800; t += 300) pts.push([`${base}Charging.ChargeCurrent.DC`, 150, t]);
    for (let t = 3100; t < 6600; t += 300) pts.push([`${base}Charging.ChargeCurrent.DC`, 0, t]);
    pts.sort((a, b) => a[2] - b[2]);
    const r = feature('charging_behaviour', pts);
    expect(r.detail?.sessions).toBe(2);
    expect(r.detail?.typicalStartSoc).toBeCloseTo(30, 5);
    // 1800 s at DC of 5400 s charging
    expect(r.value as number).toBeCloseTo(1 / 3, 1);
  });

  it('battery_health keeps the latest and the lowest state of health', () => {
    const p = 'Vehicle.Powertrain.TractionBattery.StateOfHealth';
    const r = feature('battery_health', [[p, 91, 0], [p, 88.5, 10], [p, 89, 20]]);
    expect(r.value).toBe(89);
    expect(r.detail?.min).toBe(88.5);
  });

  it('tyre_condition flags a tyre well below the others', () => {
    const t = (w: string) => `Vehicle.Chassis.Axle.${w}.Tire.Pressure`;
    const r = feature('tyre_condition', [[t('Row1.Wheel.Left'), 240, 0], [t('Row1.Wheel.Right'), 238, 0], [t('Row2.Wheel.Left'), 180, 0], [t('Row2.Wheel.Right'), 241, 0]]);
    expect(r.value).toBe(180);
    expect(r.detail?.low).toBe(1);
  });

  it('brake_wear reports the most worn pad', () => {
    const b = (w: string) => `Vehicle.Chassis.Axle.${w}.Brake.PadWear`;
    const r = feature('brake_wear', [[b('Row1.Wheel.Left'), 35, 0], [b('Row1.Wheel.Right'), 82, 0], [`Vehicle.Chassis.Axle.Row1.Wheel.Right.Brake.IsBrakesWorn`, true, 0]]);
    expect(r.value).toBe(82);
    expect(r.detail?.worn).toBe(1);
  });

  it('trouble_codes keeps valid OBD-II codes from the DTC list', () => {
    const r = feature('trouble_codes', [['Vehicle.Diagnostics.DTCList', ['P0301', 'u0100', 'junk', 'P0301'], 0], ['Vehicle.Diagnostics.DTCCount', 2, 0]]);
    expect(r.value).toEqual(['P0301', 'U0100']);
    expect(r.detail?.reported).toBe(2);
  });

  it('heavy_load_after_stops counts long stops after which the car is heavier', () => {
    const w = 'Vehicle.CurrentOverallWeight';
    const pts: P[] = [
      [w, 1500, 0], ...constant(0, 60, 50), ...constant(60, 2, 0), ...speeds(62, [0], 'Vehicle.Speed'),
      [w, 1545, 700], ...speeds(701, [10, 30]),
      ...constant(800, 2, 0), [w, 1545, 900], ...speeds(1200, [10]),
    ];
    const r = feature('heavy_load_after_stops', pts);
    expect(r.detail?.share).toBeCloseTo(0.5, 5);
    expect(r.value as number).toBeGreaterThan(0);
  });

  it('predicted_service_due takes the earlier of time and distance to service', () => {
    const pts: P[] = [['Vehicle.Service.TimeToService', 30 * 86_400, 0], ['Vehicle.Service.DistanceToService', 1000, 0], ...constant(1, 3600, 100), ['Vehicle.Speed', 0, 86_400]];
    const r = feature('predicted_service_due', pts);
    // 100 km over one observed day → 1000 km lasts ~10 days, earlier than the 29 days left by time
    expect(r.value as number).toBeGreaterThan(8);
    expect(r.value as number).toBeLessThan(12);
    expect(r.detail?.byTimeDays as number).toBeCloseTo(29, 0);
  });
});
