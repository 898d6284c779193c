import { z } from 'zod';
import { channels, consentKey, consentPurposes, type ConsentPurpose, type ConsentState } from '../domain';
import type { ModelVersion, ModelVersionInput } from './model-registry';
import { needScores } from './needs/index';

/**
 * The models that value the optimizer's candidates and pick a single customer's channel, as
 * registered, versioned models. They are rule-based or learn online, so they have no training
 * window of their own: the window is the epoch and `trainingRows` is 0. They are registered on
 * first use (`ensureLive`), and a version promoted later replaces them for later decisions.
 */
const epoch = { from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T00:00:00.000Z' };

/** Need scores from telemetry features (src/models/needs): reads vehicle data, so needs telematics-marketing consent. */
export const needScoresModel: ModelVersionInput = {
  name: 'need-scores',
  kind: 'need',
  method: 'rule-based need scorers over rolling telemetry features',
  trainingWindow: epoch,
  trainingRows: 0,
  dataSource: 'rules: src/models/needs (no training data)',
  features: [...new Set(needScores.flatMap((s) => s.features.map((f) => f.name)))].sort(),
  hyperParameters: { scorers: needScores.map((s) => s.code).join(',') },
  metrics: {},
  consent: ['telematics_marketing'],
};

/** The candidate value's response prior: p(response) = base + slope × need; unknown need is `defaultNeed`. */
export const CandidateValueParams = z.object({
  responseBase: z.number().min(0).max(1).default(0.02),
  responseSlope: z.number().min(0).max(1).default(0.28),
  defaultNeed: z.number().min(0).max(1).default(0.3),
}).refine((p) => p.responseBase + p.responseSlope <= 1, 'responseBase + responseSlope must not exceed 1');
export type CandidateValueParams = z.output<typeof CandidateValueParams>;

export const candidateValueModel: ModelVersionInput = {
  name: 'candidate-value',
  kind: 'propensity',
  method: 'need-based response prior × (customer value + fund cost) × channel weight × dealer weight',
  trainingWindow: epoch,
  trainingRows: 0,
  dataSource: 'rules: src/optimizer/candidate-value.ts (no training data)',
  features: ['need', 'offerCustomerValue', 'offerCost', 'channel', 'dealerRank'],
  hyperParameters: { responseBase: 0.02, responseSlope: 0.28, defaultNeed: 0.3 },
  metrics: {},
  // Values only owners who can be contacted on some channel (the plan builder keeps no other).
  consent: ['marketing_contact'],
};

/** The hyper-parameters a (live) candidate-value version carries; a bad version cannot value anything. */
export function candidateValueParams(model: Pick<ModelVersion, 'id' | 'hyperParameters'>): CandidateValueParams {
  const parsed = CandidateValueParams.safeParse(model.hyperParameters);
  if (!parsed.success) throw new RangeError(`model ${model.id} has invalid candidate-value hyper-parameters: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** Context of the channel bandit: bias, the chosen offer's need score, its value squashed to 0..1. */
export const channelBanditContext = ['bias', 'need', 'valueShare'] as const;

export const channelBanditModel: ModelVersionInput = {
  name: 'channel-bandit',
  kind: 'bandit',
  method: 'linear Thompson sampling over channels, ε-uniform floor, posterior from its logged outcomes',
  trainingWindow: epoch,
  trainingRows: 0,
  dataSource: 'model_decisions ⋈ model_exposures ⋈ model_outcomes of this version',
  features: [...channelBanditContext],
  hyperParameters: { arms: channels.join(','), lambda: 1, explorationScale: 0.5, epsilon: 0.1, propensitySamples: 400 },
  metrics: {},
  consent: ['marketing_contact'],
};

/**
 * The consent purposes an owner has granted for models: a purpose counts when granted for
 * `any` channel; marketing contact also when at least one channel is open to the owner.
 */
export function grantedPurposes(consent: ConsentState, openChannels: number): ConsentPurpose[] {
  return consentPurposes.filter((p) => consent[consentKey(p, 'any')] === true || (p === 'marketing_contact' && openChannels > 0));
}

/**
 * Why a live uplift model does not value a plan's candidates. A stored artefact can only score
 * an owner when the offer is one of its arms and every feature it was trained on is in the data
 * the plan builder has; the models trained from the logs so far (arms `service-0`/`service-10`,
 * purchase-history features) never are, so candidate values use the need-based prior and the
 * decision log says so.
 */
export function upliftNotUsedReason(model: Pick<ModelVersion, 'id' | 'dataSource'>, artefact: { featureNames: readonly string[] } | null, offerIds: readonly string[], available: readonly string[]): string {
  if (!artefact) return `uplift model ${model.id} not used: no stored artefact`;
  const arms = /arms ([^\s]+)/.exec(model.dataSource)?.[1]?.split(',') ?? [];
  const offers = offerIds.filter((o) => arms.includes(o));
  const missing = artefact.featureNames.filter((f) => !available.includes(f));
  const why = [
    ...(offers.length === 0 ? [`its arms (${arms.join(', ') || 'unknown'}) are not catalog offers of this plan`] : []),
    ...(missing.length > 0 ? [`the plan's data lacks ${missing.length} of its ${artefact.featureNames.length} features (${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''})`] : []),
  ];
  return `uplift model ${model.id} not used: ${why.length > 0 ? why.join('; ') : 'candidate values from an uplift artefact are not implemented'}`;
}
