import type { MarketCode } from '../domain';
import type { ComplianceChannel, ComplianceInput, Evidence, Severity } from './compliance-input';
import type { FeatureToken } from './feature-token';
import type { TextView } from './text-view';

export type RuleFamily = 'adas' | 'fin' | 'env' | 'price' | 'safe' | 'priv';

/** What a rule sees: the parsed input, the text views and a per-message memo for shared analyses. */
export interface RuleContext {
  readonly input: ComplianceInput;
  readonly text: TextView;
  readonly market: MarketCode;
  /** The market and the markets it inherits from (RULES.md §1.4), e.g. DE → [DE, EU]. */
  readonly marketScope: readonly MarketCode[];
  readonly features: readonly FeatureToken[];
  memo<T>(key: string, compute: () => T): T;
}

/** An automatic fix: append a disclosure, or remove the sentences holding a prohibited claim. */
export type AutoFix = { readonly kind: 'append'; readonly text: string } | { readonly kind: 'remove_evidence_sentences' };

export interface RuleFinding {
  readonly evidence: readonly Evidence[];
  readonly missing?: readonly string[];
  readonly explanation: string;
  readonly suggestedFix: string;
  readonly autoFix?: AutoFix;
}

export interface ComplianceRule {
  readonly id: string;
  readonly family: RuleFamily;
  readonly severity: Severity;
  readonly markets: readonly MarketCode[];
  readonly channels: 'all' | readonly ComplianceChannel[];
  readonly description: string;
  /** Rule ids whose firing suppresses this rule (ADAS precedence, RULES.md §4.1). */
  readonly unlessFired?: readonly string[];
  evaluate(ctx: RuleContext): RuleFinding | null;
}

export function defineRule(rule: ComplianceRule): ComplianceRule {
  if (!/^[A-Z]+(?:-[A-Z]+)*-\d{3}$/.test(rule.id)) throw new Error(`invalid rule id ${rule.id}`);
  return Object.freeze({ ...rule });
}

export const allMarkets: readonly MarketCode[] = ['US', 'US-CA', 'UK', 'EU', 'DE', 'FR'];
