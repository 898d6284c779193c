import type { Offer } from '../domain';
import { isWithinValidity } from './catalog-offer';
import { conditionRegistry, parseStoredRules, type ConditionRegistry } from './conditions';
import type { EligibilityContext } from './conditions';

export interface EligibilityReason {
  code: string;
  passed: boolean;
  detail: string;
}

export interface EligibilityResult {
  eligible: boolean;
  reasons: EligibilityReason[];
}

type EligibilityOffer = Pick<Offer, 'id' | 'kind' | 'markets' | 'validFrom' | 'validTo' | 'requires' | 'requiresStock'>;

/**
 * Pure eligibility decision. Two built-in checks come first (`offer_valid`: now is within the
 * offer's validity window; `offer_market`: the vehicle's market is one of the offer's markets),
 * then one reason per stored rule, in order. Every rule is evaluated even after one fails.
 */
export function evaluateEligibility(
  offer: EligibilityOffer,
  rules: readonly unknown[],
  ctx: EligibilityContext,
  now: Date,
  registry: ConditionRegistry = conditionRegistry,
): EligibilityResult {
  const parsed = parseStoredRules(rules, registry);
  const valid = isWithinValidity(offer, now);
  const inMarket = offer.markets.includes(ctx.vehicle.market);
  const reasons: EligibilityReason[] = [
    { code: 'offer_valid', passed: valid, detail: `${valid ? 'within' : 'outside'} ${offer.validFrom} – ${offer.validTo}` },
    { code: 'offer_market', passed: inMarket, detail: `offer markets ${offer.markets.join(', ')}; vehicle in ${ctx.vehicle.market}` },
  ];
  for (const rule of parsed) {
    const condition = registry.get(rule.code);
    if (!condition) continue;
    reasons.push({ code: rule.code, ...condition.check(rule.params, { offer, ctx, now }) });
  }
  return { eligible: reasons.every((r) => r.passed), reasons };
}
