import { z } from 'zod';
import { channels, consentKey, consentPurposes, type ConsentPurpose, type ConsentState } from '../domain';
import { createClvModel, defaultClvCoefficients, type ClvModel } from './lifetime-value';
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

/**
 * The lifetime-value term of the candidate value (issue #6 item 3): CLV after an accepted offer minus
 * CLV without it, from the discrete-time hazard model of lifetime-value.ts (discount conditioning,
 * regret for features the owner will not use, service loyalty). Until a CLV is fitted on logged
 * person-periods (`fitClvModel`) and registered as a new version, the literature priors stand.
 */
export const lifetimeValueModel: ModelVersionInput = {
  name: 'lifetime-value',
  kind: 'clv',
  method: 'discrete-time hazard CLV (churn, repurchase, full-price share) with offer effects',
  trainingWindow: epoch,
  trainingRows: 0,
  dataSource: 'priors: src/models/lifetime-value.ts defaultClvCoefficients (no training data yet)',
  features: ['satisfaction', 'priorDiscounts', 'vehicleAgeYears', 'offerKind', 'discountValue', 'need'],
  hyperParameters: {
    churnIntercept: defaultClvCoefficients.churn.intercept, churnSatisfaction: defaultClvCoefficients.churn.satisfaction, churnVehicleAge: defaultClvCoefficients.churn.vehicleAge,
    repurchaseIntercept: defaultClvCoefficients.repurchase.intercept, repurchaseSatisfaction: defaultClvCoefficients.repurchase.satisfaction, repurchaseVehicleAge: defaultClvCoefficients.repurchase.vehicleAge,
    fullPriceIntercept: defaultClvCoefficients.fullPrice.intercept, fullPricePriorDiscounts: defaultClvCoefficients.fullPrice.priorDiscounts,
    /** No satisfaction survey is stored yet: every owner starts from this prior. */
    defaultSatisfaction: 0.7,
  },
  metrics: {},
  consent: ['marketing_contact'],
};

const ClvParams = z.object({
  churnIntercept: z.number(), churnSatisfaction: z.number(), churnVehicleAge: z.number(),
  repurchaseIntercept: z.number(), repurchaseSatisfaction: z.number(), repurchaseVehicleAge: z.number(),
  fullPriceIntercept: z.number(), fullPricePriorDiscounts: z.number(),
  defaultSatisfaction: z.number().min(0).max(1),
});

/** The CLV model a (live) lifetime-value version carries, and the satisfaction prior. */
export function clvModelFrom(model: Pick<ModelVersion, 'id' | 'hyperParameters'>): { model: ClvModel; defaultSatisfaction: number } {
  const parsed = ClvParams.safeParse(model.hyperParameters);
  if (!parsed.success) throw new RangeError(`model ${model.id} has invalid lifetime-value hyper-parameters: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const h = parsed.data;
  return {
    model: createClvModel({
      churn: { intercept: h.churnIntercept, satisfaction: h.churnSatisfaction, vehicleAge: h.churnVehicleAge },
      repurchase: { intercept: h.repurchaseIntercept, satisfaction: h.repurchaseSatisfaction, vehicleAge: h.repurchaseVehicleAge },
      fullPrice: { intercept: h.fullPriceIntercept, priorDiscounts: h.fullPricePriorDiscounts },
    }),
    defaultSatisfaction: h.defaultSatisfaction,
  };
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
