import { makeVin } from '../kernel';
import { encodeCompactBatch } from '../telemetry';

export interface GeneratedMessage {
  vin: string;
  payload: Uint8Array;
  /** Points the ingestor must accept and reject for this message (the generator's own count). */
  accepted: number;
  rejected: number;
}

export interface FleetLoad {
  vehicles: number;
  messagesPerVehicle: number;
  /** Rows per compact frame; each row carries `signals` values. */
  rows: number;
  /** 1 or more columns: speed, then state of charge, then more speeds of other signals. */
  signals?: number;
  /** Every frame gets one impossible speed (999 km/h) in its last row when true. */
  withInvalid?: boolean;
  /** Newest timestamp of the load (ms); frames end before it. */
  now: number;
  vinOffset?: number;
}

const signalPaths = [
  'Vehicle.Speed',
  'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed',
  'Vehicle.Acceleration.Longitudinal',
  'Vehicle.Acceleration.Lateral',
];

/**
 * A deterministic fleet of compact frames, message by message in time order
 * per vehicle (interleaved across vehicles), with exact expected counts.
 */
export function* generateFleet(load: FleetLoad): Generator<GeneratedMessage> {
  const signals = Math.min(load.signals ?? 2, signalPaths.length);
  const paths = signalPaths.slice(0, signals);
  const stepMs = 100;
  const span = load.messagesPerVehicle * load.rows * stepMs;
  const start = load.now - span - 60_000;
  for (let m = 0; m < load.messagesPerVehicle; m++) {
    for (let v = 0; v < load.vehicles; v++) {
      const vin = makeVin('1HG', 'CM826', 'R', 'A', (load.vinOffset ?? 0) + v);
      const ts = new Float64Array(load.rows);
      const columns = paths.map(() => new Float64Array(load.rows));
      for (let i = 0; i < load.rows; i++) {
        ts[i] = i * stepMs;
        columns[0]![i] = 40 + ((m + i) % 60);
        if (signals > 1) columns[1]![i] = 80 - (m % 50);
        for (let c = 2; c < signals; c++) columns[c]![i] = ((i % 7) - 3) / 2;
      }
      let rejected = 0;
      if (load.withInvalid) {
        columns[0]![load.rows - 1] = 999;
        rejected = 1;
      }
      const payload = encodeCompactBatch({ vin, t0: start + m * load.rows * stepMs, seq: m, ts, paths, columns });
      yield { vin, payload, accepted: load.rows * signals - rejected, rejected };
    }
  }
}
