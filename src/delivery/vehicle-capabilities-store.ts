import { createCapabilityRegistry, type CapabilityRegistry } from '../compliance';
import { releasesStore } from '../releases';
import type { Db } from '../store';

/**
 * The certified-capability registry as the release feed has recorded it
 * (approvals per model, hardware variant, version range and market). An
 * unusable registry yields null: callers then pass no certified features,
 * which is the strictest check.
 */
export async function loadCapabilityRegistry(db: Db): Promise<CapabilityRegistry | null> {
  const entries = await releasesStore(db).listCapabilityEntries();
  try {
    return createCapabilityRegistry(entries.map((e) => ({ modelId: e.modelId, hardwareVariantId: e.hardwareVariantId, softwareRange: e.versionRange, market: e.market, features: e.tokens })));
  } catch {
    return null;
  }
}
