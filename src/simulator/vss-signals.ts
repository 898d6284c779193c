import { z } from 'zod';

/** The VSS 6.0 signals the simulator emits, with their catalog unit (checked against the catalog in a test). */
export const vssSignals = {
  speed: { path: 'Vehicle.Speed', unit: 'km/h' },
  accel: { path: 'Vehicle.Acceleration.Longitudinal', unit: 'm/s^2' },
  engineRpm: { path: 'Vehicle.Powertrain.CombustionEngine.Speed', unit: 'rpm' },
  motorRpm: { path: 'Vehicle.Powertrain.ElectricMotor.Speed', unit: 'rpm' },
  lat: { path: 'Vehicle.CurrentLocation.Latitude', unit: 'degrees' },
  lon: { path: 'Vehicle.CurrentLocation.Longitude', unit: 'degrees' },
  heading: { path: 'Vehicle.CurrentLocation.Heading', unit: 'degrees' },
  moving: { path: 'Vehicle.IsMoving', unit: null },
  distance: { path: 'Vehicle.TraveledDistance', unit: 'm' },
  cruise: { path: 'Vehicle.ADAS.CruiseControl.IsActive', unit: null },
  autonomy: { path: 'Vehicle.ADAS.ActiveAutonomyLevel', unit: null },
  trailer: { path: 'Vehicle.Trailer.IsConnected', unit: null },
  tyreFL: { path: 'Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure', unit: 'kPa' },
  tyreFR: { path: 'Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure', unit: 'kPa' },
  tyreRL: { path: 'Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure', unit: 'kPa' },
  tyreRR: { path: 'Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure', unit: 'kPa' },
  padFront: { path: 'Vehicle.Chassis.Axle.Row1.Wheel.Left.Brake.PadWear', unit: 'percent' },
  padRear: { path: 'Vehicle.Chassis.Axle.Row2.Wheel.Left.Brake.PadWear', unit: 'percent' },
  soc: { path: 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', unit: 'percent' },
  soh: { path: 'Vehicle.Powertrain.TractionBattery.StateOfHealth', unit: 'percent' },
  charging: { path: 'Vehicle.Powertrain.TractionBattery.Charging.IsCharging', unit: null },
  chargeDc: { path: 'Vehicle.Powertrain.TractionBattery.Charging.ChargeCurrent.DC', unit: 'A' },
  chargeAc: { path: 'Vehicle.Powertrain.TractionBattery.Charging.ChargeCurrent.Phase1', unit: 'A' },
  dtcList: { path: 'Vehicle.Diagnostics.DTCList', unit: null },
  dtcCount: { path: 'Vehicle.Diagnostics.DTCCount', unit: null },
  trunkOpen: { path: 'Vehicle.Body.Trunk.Rear.IsOpen', unit: null },
  weight: { path: 'Vehicle.CurrentOverallWeight', unit: 'kg' },
} as const;
export type VssSignalKey = keyof typeof vssSignals;

/** One telemetry point as the simulator emits it (and the platform's ingest accepts). */
export const TelemetryPoint = z.strictObject({
  vin: z.string().length(17),
  path: z.string().regex(/^Vehicle(\.[A-Za-z0-9]+)+$/),
  value: z.union([z.number(), z.boolean(), z.string(), z.array(z.string())]),
  ts: z.iso.datetime(),
  /** Per-vehicle sequence number, strictly increasing. */
  seq: z.int().min(0),
});
export type TelemetryPoint = z.infer<typeof TelemetryPoint>;
