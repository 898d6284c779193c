/**
 * Turns a carOBD trip (1 Hz OBD-II CSV, see shared/data/telemetry/README.md)
 * into simple-format VSS points. The file has no timestamps: row i is
 * `t0 + i` seconds. Columns without a VSS 6.0 counterpart are left out.
 */
export const carObdToVss: Record<string, string> = {
  VEHICLE_SPEED: 'Vehicle.Speed',
  ENGINE_RPM: 'Vehicle.Powertrain.CombustionEngine.Speed',
  COOLANT_TEMPERATURE: 'Vehicle.Powertrain.CombustionEngine.EngineCoolant.Temperature',
  CONTROL_MODULE_VOLTAGE: 'Vehicle.LowVoltageBattery.CurrentVoltage',
};

export interface CarObdPoint {
  vin: string;
  path: string;
  value: number;
  ts: number;
  seq: number;
}

export function carObdToPoints(csv: string, opts: { vin: string; t0: number; seq0?: number }): CarObdPoint[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().replace(/\s*\(\)$/, ''));
  const cols = header.map((h, i) => ({ i, path: carObdToVss[h] })).filter((c): c is { i: number; path: string } => c.path !== undefined);
  const out: CarObdPoint[] = [];
  let seq = opts.seq0 ?? 0;
  for (let r = 1; r < lines.length; r++) {
    const cells = (lines[r] as string).split(',');
    for (const c of cols) {
      const value = Number((cells[c.i] ?? '').trim());
      if (!Number.isFinite(value)) continue;
      out.push({ vin: opts.vin, path: c.path, value, ts: opts.t0 + (r - 1) * 1000, seq: seq++ });
    }
  }
  return out;
}
