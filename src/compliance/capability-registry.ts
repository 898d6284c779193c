import semver from 'semver';
import { z } from 'zod';
import { MarketCode, SemVer } from '../domain';
import { ForecourtError } from '../kernel';
import type { ComplianceInput, ComplianceInputDraft } from './compliance-input';
import { FeatureTokenString, parseFeatureToken } from './feature-token';

/**
 * Certified-capability registry: which automation features are approved, within
 * which operational design domain, per model, hardware variant, software version
 * range and market. The checker uses the tokens resolved here, never a label
 * that arrives inside a message.
 */

export const CapabilityEntry = z.strictObject({
  modelId: z.string().min(1).max(60),
  hardwareVariantId: z.string().min(1).max(60),
  /** A semver range, e.g. ">=4.2.0 <5.0.0". */
  softwareRange: z.string().refine((r) => semver.validRange(r) !== null, 'software range must be a valid semver range'),
  market: MarketCode,
  /** Approval tokens of RULES.md §2.3, e.g. "L3_EYES_OFF:motorway:95kmh". */
  features: z.array(FeatureTokenString).max(20),
  /** Free-text reference to the approval (type-approval number, DMV permit). */
  approvalRef: z.string().max(200).optional(),
});
export type CapabilityEntry = z.infer<typeof CapabilityEntry>;

export interface CapabilityRegistry {
  readonly entries: readonly CapabilityEntry[];
}

export const VehicleCapabilityQuery = z.strictObject({
  modelId: z.string().min(1),
  hardwareVariantId: z.string().min(1),
  softwareVersion: SemVer,
  market: MarketCode,
});
export type VehicleCapabilityQuery = z.infer<typeof VehicleCapabilityQuery>;

export interface ResolvedCapabilities {
  readonly certifiedFeatures: readonly string[];
  /** The entries that matched, for the verdict's audit trail. */
  readonly matched: readonly CapabilityEntry[];
  readonly reasons: readonly string[];
}

/** Parses and validates the entries; throws CONFIG_INVALID on a bad entry. */
export function createCapabilityRegistry(entries: unknown): CapabilityRegistry {
  const parsed = z.array(CapabilityEntry).safeParse(entries);
  if (!parsed.success) throw new ForecourtError('CONFIG_INVALID', 'invalid capability registry', parsed.error.issues);
  for (const e of parsed.data) {
    const caps = e.features.map((f) => parseFeatureToken(f)).flatMap((r) => (r.ok ? [r.token.capability] : []));
    if (new Set(caps).size !== caps.length) throw new ForecourtError('CONFIG_INVALID', `entry ${e.modelId}/${e.hardwareVariantId}/${e.market} lists a capability twice`);
  }
  return { entries: parsed.data };
}

/**
 * Pure: the certified-feature tokens for one vehicle at one software version in one
 * market. Exact market match only: an approval for DE does not extend to FR, and one
 * for US-CA does not extend to US. No match means no hands-off or eyes-off approval.
 */
export function resolveVehicleCapabilities(registry: CapabilityRegistry, query: unknown): ResolvedCapabilities {
  const q = VehicleCapabilityQuery.parse(query);
  const matched = registry.entries.filter(
    (e) =>
      e.modelId === q.modelId &&
      e.hardwareVariantId === q.hardwareVariantId &&
      e.market === q.market &&
      semver.satisfies(q.softwareVersion, e.softwareRange, { includePrerelease: true }),
  );
  const features = [...new Set(matched.flatMap((e) => e.features))].sort();
  const reasons = matched.length
    ? matched.map((e) => `${e.modelId}/${e.hardwareVariantId} ${e.softwareRange} in ${e.market}: ${e.features.join(', ') || 'no automation approval'}${e.approvalRef ? ` (${e.approvalRef})` : ''}`)
    : [`no certified capability for ${q.modelId}/${q.hardwareVariantId} ${q.softwareVersion} in ${q.market}`];
  return { certifiedFeatures: features, matched, reasons };
}

/**
 * Pure: returns the input with `vehicle.certifiedFeatures` replaced by the registry's
 * tokens for that vehicle (whatever the input claimed). `vehicle.market` of the query
 * is the message's market.
 */
export function withCapabilities(
  input: ComplianceInputDraft | ComplianceInput,
  registry: CapabilityRegistry,
  vehicle: Omit<VehicleCapabilityQuery, 'market'>,
): ComplianceInput & { vehicle: { certifiedFeatures: string[] } } {
  const resolved = resolveVehicleCapabilities(registry, { ...vehicle, market: input.market });
  const consent = input.consent ?? {};
  return {
    ...input,
    consent,
    vehicle: { ...input.vehicle, certifiedFeatures: [...resolved.certifiedFeatures] },
  } as ComplianceInput & { vehicle: { certifiedFeatures: string[] } };
}
