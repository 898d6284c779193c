import semver from 'semver';
import { z } from 'zod';
import { MarketCode, Offer, SemVer, storableText, Vin } from '../domain';

/** Free text stored as text/jsonb (tests/fuzz/release-webhooks.test.ts found NUL → 500). */
const storable = storableText;

/** A feature code as the OEM's release system names it (`lane_centering_plus`). */
export const FeatureCode = z.string().regex(/^[a-z][a-z0-9_]{1,60}$/, 'feature code: lower-case letters, digits and underscores');
export type FeatureCode = z.infer<typeof FeatureCode>;

/** A semver range such as `>=4.2.0 <4.5.0`, checked with `semver.validRange`. */
export const VersionRange = z.string().min(1).max(200).refine((r) => semver.validRange(r) !== null, 'semantic version range such as >=4.2.0 <4.5.0');

/** A certified capability token (`L2_HANDS_OFF:mapped_motorway:130kmh`); compliance checks the grammar. */
export const CapabilityToken = z.string().regex(/^[A-Z][A-Z0-9_]{1,40}(?::[a-z0-9_.]{1,40}){0,6}$/, 'capability token such as L2_HANDS_OFF:mapped_motorway');

export const HardwareVariantId = z.string().regex(/^[a-z0-9-]{2,60}$/);
export const ModelId = z.string().regex(/^[a-z0-9-]{2,40}$/);

export const RolloutWave = z.strictObject({
  startsAt: z.iso.datetime(),
  /** Cumulative share of the eligible fleet reached once this wave has started. */
  share: z.number().gt(0).max(1),
});
export type RolloutWave = z.infer<typeof RolloutWave>;

export const Release = z.strictObject({
  version: SemVer,
  modelId: ModelId,
  publishedAt: z.iso.datetime(),
  features: z.array(z.strictObject({ code: FeatureCode, change: z.enum(['added', 'changed']) })).max(200),
  hardwareVariantIds: z.array(HardwareVariantId).min(1).max(100),
  /** Prerequisite: the versions this release installs over. */
  installableOn: VersionRange,
  waves: z.array(RolloutWave).min(1).max(50),
  /** Set when a wave failed and the OEM stopped the rollout: nobody new is reached after it. */
  haltedAt: z.iso.datetime().nullable().default(null),
}).superRefine((r, ctx) => {
  for (let i = 1; i < r.waves.length; i++) {
    const a = r.waves[i - 1]!, b = r.waves[i]!;
    if (b.startsAt < a.startsAt || b.share < a.share) ctx.addIssue({ code: 'custom', path: ['waves', i], message: 'waves must be in time order with non-decreasing share' });
  }
  if (semver.satisfies(r.version, r.installableOn)) ctx.addIssue({ code: 'custom', path: ['installableOn'], message: 'a release cannot install over its own version' });
  const codes = r.features.map((f) => f.code);
  if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', path: ['features'], message: 'each feature appears once' });
});
export type Release = z.output<typeof Release>;
export type ReleaseInput = z.input<typeof Release>;

export const CertifiedCapability = z.strictObject({
  modelId: ModelId,
  hardwareVariantId: HardwareVariantId,
  versionRange: VersionRange,
  tokens: z.array(CapabilityToken).max(20),
});
export type CertifiedCapability = z.infer<typeof CertifiedCapability>;

/** A regulator's decision on one feature in one market; the latest issued decision is in force. */
export const Approval = z.strictObject({
  feature: FeatureCode,
  market: MarketCode,
  status: z.enum(['approved', 'withdrawn']),
  /** When the decision was taken: orders decisions for the same feature and market. */
  issuedAt: z.iso.datetime(),
  /** When it takes effect (an approval effective later is not yet in force). */
  effectiveAt: z.iso.datetime(),
  authority: storable(1, 100).optional(),
  certified: z.array(CertifiedCapability).max(100).default([]),
});
export type Approval = z.output<typeof Approval>;
export type ApprovalInput = z.input<typeof Approval>;

/** A vehicle's report about one update (from the OTA backend or telemetry). */
export const UpdateReport = z.strictObject({
  vin: Vin,
  /** The version being installed. */
  version: SemVer,
  /** The version the vehicle ran before; it returns to it on rollback. */
  fromVersion: SemVer,
  status: z.enum(['pending', 'installed', 'failed', 'rolled_back']),
  at: z.iso.datetime(),
  detail: storable(0, 500).optional(),
});
export type UpdateReport = z.infer<typeof UpdateReport>;

/** A campaign that launches itself when its feature is approved and rolled out. */
export const ReleaseCampaignTemplate = z.strictObject({
  campaignId: z.string().regex(/^cmp-[a-z0-9-]{1,60}$/),
  feature: FeatureCode,
  offerId: Offer.shape.id,
  markets: z.array(MarketCode).min(1),
  creative: z.strictObject({
    headline: storable(1, 120),
    body: storable(1, 1000),
    language: z.enum(['en', 'de', 'fr']),
  }),
  /** Share of qualifying vehicles held out to measure uplift. */
  holdoutShare: z.number().min(0).max(0.5).default(0.1),
});
export type ReleaseCampaignTemplate = z.output<typeof ReleaseCampaignTemplate>;
export type ReleaseCampaignTemplateInput = z.input<typeof ReleaseCampaignTemplate>;

/** What the webhook carries: one typed event whose id is the replay nonce. */
export const ReleaseWebhookEvent = z.discriminatedUnion('type', [
  z.strictObject({ id: storable(8, 120), type: z.literal('release'), data: Release }),
  z.strictObject({ id: storable(8, 120), type: z.literal('approval'), data: Approval }),
  z.strictObject({ id: storable(8, 120), type: z.literal('update_report'), data: UpdateReport }),
]);
export type ReleaseWebhookEvent = z.output<typeof ReleaseWebhookEvent>;

/** The vehicle facts the planner needs. */
export const PlannedVehicle = z.strictObject({
  vin: z.string(),
  modelId: z.string(),
  hardwareVariantId: z.string(),
  market: MarketCode,
  softwareVersion: SemVer,
});
export type PlannedVehicle = z.infer<typeof PlannedVehicle>;
