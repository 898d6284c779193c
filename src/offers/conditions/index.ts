import { z } from 'zod';
import { ForecourtError } from '../../kernel';
import type { Condition } from './define-condition';
import { consentCondition } from './consent-condition';
import { dealerCapabilityCondition } from './dealer-capability-condition';
import { hardwareVariantCondition } from './hardware-variant-condition';
import { marketCondition } from './market-condition';
import { mileageCondition } from './mileage-condition';
import { needScoreCondition } from './need-score-condition';
import { ownershipCondition } from './ownership-condition';
import { priorOffersCondition } from './prior-offers-condition';
import { softwareVersionCondition } from './software-version-condition';
import { telemetryFeatureCondition } from './telemetry-feature-condition';
import { vehicleAgeCondition } from './vehicle-age-condition';
import { vehicleModelCondition } from './vehicle-model-condition';
import { vehicleTrimCondition } from './vehicle-trim-condition';

export { defineCondition, type Condition, type ConditionDefinition } from './define-condition';
export { EligibilityContext, PriorOfferEvent, type ConditionInput, type ConditionOutcome, type EligibilityContextInput } from './eligibility-context';

/** The default eligibility conditions. A new condition is a new file plus one line here. */
export const defaultConditions: readonly Condition[] = [
  marketCondition,
  vehicleModelCondition,
  vehicleTrimCondition,
  hardwareVariantCondition,
  softwareVersionCondition,
  mileageCondition,
  vehicleAgeCondition,
  telemetryFeatureCondition,
  needScoreCondition,
  consentCondition,
  ownershipCondition,
  priorOffersCondition,
  dealerCapabilityCondition,
];

export type ConditionRegistry = ReadonlyMap<string, Condition>;

export function createConditionRegistry(conditions: readonly Condition[]): ConditionRegistry {
  const registry = new Map<string, Condition>();
  for (const c of conditions) {
    if (registry.has(c.code)) throw new ForecourtError('CONFIG_INVALID', `condition ${c.code} is registered twice`);
    registry.set(c.code, c);
  }
  return registry;
}

export const conditionRegistry: ConditionRegistry = createConditionRegistry(defaultConditions);

export interface ParsedRule {
  code: string;
  /** Params after parsing, with defaults applied. */
  params: unknown;
}

export interface RuleProblem {
  index: number;
  code: string | null;
  message: string;
}

export type RulesCheck = { ok: true; rules: ParsedRule[] } | { ok: false; problems: RuleProblem[] };

/** Checks stored rules against the registry: each must be `{ code, params }` with a known code and params its schema accepts. */
export function checkStoredRules(raw: unknown, registry: ConditionRegistry = conditionRegistry): RulesCheck {
  if (!Array.isArray(raw)) return { ok: false, problems: [{ index: -1, code: null, message: 'rules must be an array of { code, params }' }] };
  const problems: RuleProblem[] = [];
  const rules: ParsedRule[] = [];
  raw.forEach((item: unknown, index) => {
    const shape = z.strictObject({ code: z.string(), params: z.unknown() }).safeParse(item);
    if (!shape.success) {
      problems.push({ index, code: null, message: 'a rule is { code, params } and nothing else' });
      return;
    }
    const condition = registry.get(shape.data.code);
    if (!condition) {
      problems.push({ index, code: shape.data.code, message: `unknown condition ${shape.data.code} (known: ${[...registry.keys()].join(', ')})` });
      return;
    }
    const params = condition.params.safeParse(shape.data.params ?? {});
    if (!params.success) {
      const detail = params.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'params'}: ${i.message}`).join('; ');
      problems.push({ index, code: shape.data.code, message: `bad params for ${shape.data.code}: ${detail}` });
      return;
    }
    rules.push({ code: shape.data.code, params: params.data });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rules };
}

/** Like checkStoredRules but throws VALIDATION_FAILED listing every problem. */
export function parseStoredRules(raw: unknown, registry: ConditionRegistry = conditionRegistry): ParsedRule[] {
  const result = checkStoredRules(raw, registry);
  if (!result.ok) {
    throw new ForecourtError('VALIDATION_FAILED', result.problems.map((p) => `rule ${p.index}: ${p.message}`).join('\n'), { problems: result.problems });
  }
  return result.rules;
}

/** Code, description and JSON Schema of each condition's params, for forms and docs. */
export function describeConditions(registry: ConditionRegistry = conditionRegistry): { code: string; description: string; params: unknown }[] {
  return [...registry.values()].map((c) => ({ code: c.code, description: c.description, params: z.toJSONSchema(c.params, { io: 'input', unrepresentable: 'any' }) }));
}
