import type { z } from 'zod';
import type { ConditionInput, ConditionOutcome } from './eligibility-context';

export interface ConditionDefinition<P extends z.ZodType> {
  code: string;
  description: string;
  params: P;
  evaluate: (params: z.output<P>, input: ConditionInput) => ConditionOutcome;
}

/** A registered condition with its params type erased; `check` parses params before evaluating. */
export interface Condition {
  code: string;
  description: string;
  params: z.ZodType;
  check: (params: unknown, input: ConditionInput) => ConditionOutcome;
}

export function defineCondition<P extends z.ZodType>(definition: ConditionDefinition<P>): Condition {
  return {
    code: definition.code,
    description: definition.description,
    params: definition.params,
    check: (params, input) => definition.evaluate(definition.params.parse(params), input),
  };
}
