import { z } from 'zod';
import { errorCodes, type ErrorCode } from '../kernel';

/** Response schemas of the release routes, separate from the request schemas (STYLE.md §3). */
export function createErrorResponse() {
  return z.object({
    code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  });
}

const Retraction = z.object({
  vin: z.string(), offerId: z.string(), campaignId: z.string(),
  action: z.enum(['suppress', 'revoke']), reason: z.string(), detail: z.string(),
});

const OutcomeCounts = z.object({ queued: z.int(), duplicate: z.int(), blocked: z.int(), not_chosen: z.int(), skipped: z.int() });

/** What ran after the release transaction committed: dispatch of new targets, card revocations. */
export const FollowUpResponse = z.object({
  dispatches: z.array(z.object({ campaignId: z.string(), dispatched: z.int(), byOutcome: OutcomeCounts })),
  revocation: z.object({ considered: z.int(), revoked: z.int(), noCard: z.int(), versions: z.record(z.string(), z.int()).nullable() }).nullable(),
  errors: z.array(z.string()),
});

export const DispatchResponse = z.object({
  campaignId: z.string(),
  dispatched: z.int(),
  byOutcome: OutcomeCounts,
  plans: z.array(z.object({ market: z.string(), planId: z.string(), deliveryCampaignId: z.string() })),
  vehicles: z.array(z.object({
    vin: z.string(), ownerId: z.string().nullable(), planId: z.string().nullable(), outcome: z.string(), channel: z.string().nullable(),
    outboxId: z.string().nullable(), reviewId: z.string().nullable(), reasons: z.array(z.string()),
  })),
});

export const SyncResponse = z.object({
  campaigns: z.array(z.object({
    campaignId: z.string(),
    feature: z.string(),
    releaseVersion: z.string().nullable(),
    launched: z.boolean(),
    newTargets: z.int(),
    newHoldout: z.int(),
    retractions: z.array(Retraction),
    note: z.string(),
  })),
  capabilityEntries: z.int(),
  followUp: FollowUpResponse.optional(),
});

export const IngestResponse = z.object({
  eventId: z.string(),
  accepted: z.boolean(),
  replayed: z.boolean(),
  outcome: z.string(),
  sync: SyncResponse.nullable(),
  followUp: FollowUpResponse.optional(),
});

export const ReleaseViewResponse = z.object({
  feature: z.string(),
  market: z.string(),
  campaignIds: z.array(z.string()),
  rolloutShare: z.number(),
  eligibleVehicles: z.int(),
  offersMade: z.int(),
  offersPending: z.int(),
  offersRetracted: z.int(),
  holdoutVehicles: z.int(),
  takeUp: z.object({ accepted: z.int(), converted: z.int(), rate: z.number().nullable() }),
  uplift: z.object({
    treatedRate: z.number(), holdoutRate: z.number(), difference: z.number(),
    lower: z.number(), upper: z.number(), confidence: z.number(), method: z.literal('newcombe'),
  }).nullable(),
  stage: z.enum(['none', 'early', 'wide']),
  notes: z.array(z.string()),
  timeline: z.array(z.object({ day: z.string(), treated: z.int(), treatedConverted: z.int(), holdout: z.int(), holdoutConverted: z.int() })),
});
