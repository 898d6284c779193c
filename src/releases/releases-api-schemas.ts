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
});

export const IngestResponse = z.object({
  eventId: z.string(),
  accepted: z.boolean(),
  replayed: z.boolean(),
  outcome: z.string(),
  sync: SyncResponse.nullable(),
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
