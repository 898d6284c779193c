import type { VehicleRecord } from './ingestor';
import { seqWindow } from './point-checks';

const magic = 0x46435331; // 'FCS1'

/**
 * A vehicle's ingest state as bytes, so that a restart (or another worker
 * taking over a partition) resumes with the same features, seq dedupe window,
 * newest timestamp and odometer: u32 magic · u32 slab length · f64 newestTs ·
 * f64 odometer · f64 seq high · f64[slab] · u32[seq window].
 */
export function encodeVehicleState(rec: VehicleRecord): Uint8Array {
  const slab = rec.features.slab;
  const bytes = new Uint8Array(8 + 24 + slab.length * 8 + seqWindow * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic, true);
  view.setUint32(4, slab.length, true);
  view.setFloat64(8, rec.newestTs, true);
  view.setFloat64(16, rec.odometer, true);
  view.setFloat64(24, rec.seq.high, true);
  let o = 32;
  for (let i = 0; i < slab.length; i++, o += 8) view.setFloat64(o, slab[i] as number, true);
  for (let i = 0; i < seqWindow; i++, o += 4) view.setUint32(o, rec.seq.ring[i] as number, true);
  return bytes;
}

/** The inverse of `encodeVehicleState`; undefined when the bytes are not a state of this slab size. */
export function decodeVehicleState(vin: string, bytes: Uint8Array, slabSize: number): VehicleRecord | undefined {
  if (bytes.length !== 32 + slabSize * 8 + seqWindow * 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== magic || view.getUint32(4, true) !== slabSize) return undefined;
  const slab = new Float64Array(slabSize);
  const ring = new Uint32Array(seqWindow);
  let o = 32;
  for (let i = 0; i < slabSize; i++, o += 8) slab[i] = view.getFloat64(o, true);
  for (let i = 0; i < seqWindow; i++, o += 4) ring[i] = view.getUint32(o, true);
  return { vin, features: { vin, slab }, seq: { high: view.getFloat64(24, true), ring }, newestTs: view.getFloat64(8, true), odometer: view.getFloat64(16, true) };
}
