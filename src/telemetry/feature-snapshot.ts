import { consentKey } from '../domain';
import type { FeatureEngine } from './features';
import type { VehicleRecord } from './ingestor';
import { readFeatures, type FeatureRead } from './read-features';

/**
 * What `vehicle_features.features` holds: the readings usable for marketing
 * (none without consent) and the consent basis they rest on at writing time.
 */
export function snapshotFeatures(engine: FeatureEngine, rec: VehicleRecord, granted: boolean): { json: unknown; read: FeatureRead } {
  const read = readFeatures(engine, rec.features, granted ? { [consentKey('telematics_marketing', 'any')]: true } : {});
  return { json: { basis: { purpose: 'telematics_marketing', channel: 'any', granted }, reasons: read.reasons, features: read.features }, read };
}
