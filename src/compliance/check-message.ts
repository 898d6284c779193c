import { createHash } from 'node:crypto';
import type { MarketCode } from '../domain';
import { ForecourtError } from '../kernel';
import { ComplianceInput, type Verdict, type Violation } from './compliance-input';
import type { ComplianceRule, RuleContext, RuleFinding } from './define-rule';
import { parseFeatureTokens } from './feature-token';
import { defaultRules } from './rules';
import { createTextView } from './text-view';

/** Version of the rule specification this checker implements (RULES.md v1 + Appendix C v1.1). */
export const RULES_SPEC_VERSION = '1.1';

export interface RuleRegistry {
  readonly rules: readonly ComplianceRule[];
  /** Spec version plus a digest of the registered rule ids, recorded in every clearance. */
  readonly version: string;
}

export function createRuleRegistry(rules: readonly ComplianceRule[]): RuleRegistry {
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) throw new ForecourtError('CONFIG_INVALID', `duplicate compliance rule ${r.id}`);
    ids.add(r.id);
  }
  const digest = createHash('sha256').update([...ids].join(',')).digest('hex').slice(0, 12);
  return { rules, version: `${RULES_SPEC_VERSION}+${digest}` };
}

export const defaultRuleRegistry: RuleRegistry = createRuleRegistry(defaultRules);

/** RULES.md §1.4: a market and the markets whose rules it inherits. */
export function marketScope(market: MarketCode): MarketCode[] {
  if (market === 'US-CA') return ['US-CA', 'US'];
  if (market === 'DE' || market === 'FR') return [market, 'EU'];
  return [market];
}

export function ruleApplies(rule: ComplianceRule, input: ComplianceInput): boolean {
  const scope = marketScope(input.market);
  if (!rule.markets.some((m) => scope.includes(m))) return false;
  return rule.channels === 'all' || rule.channels.includes(input.channel);
}

/** Sorted evidence without duplicates or spans nested inside another span. */
function tidyEvidence(evidence: RuleFinding['evidence']): Violation['evidence'] {
  const sorted = [...evidence].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Violation['evidence'] = [];
  for (const e of sorted) {
    if (out.some((o) => o.start <= e.start && o.end >= e.end)) continue;
    out.push({ start: e.start, end: e.end, text: e.text });
  }
  return out;
}

function toViolation(rule: ComplianceRule, f: RuleFinding): Violation {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    evidence: tidyEvidence(f.evidence),
    missing: [...(f.missing ?? [])],
    explanation: f.explanation,
    suggestedFix: f.suggestedFix,
  };
}

export interface DetailedVerdict extends Verdict {
  /** Findings with their automatic fixes, keyed by rule id (used by the review workflow). */
  readonly findings: Readonly<Record<string, RuleFinding>>;
}

/** Pure: runs every applicable rule on one message. `input` is parsed by the ComplianceInput schema. */
export function checkMessageDetailed(raw: unknown, registry: RuleRegistry = defaultRuleRegistry): DetailedVerdict {
  const parsed = ComplianceInput.safeParse(raw);
  if (!parsed.success) throw new ForecourtError('VALIDATION_FAILED', 'invalid compliance input', parsed.error.issues);
  const input = parsed.data;
  const memo = new Map<string, unknown>();
  const ctx: RuleContext = {
    input,
    text: createTextView(input.text),
    market: input.market,
    marketScope: marketScope(input.market),
    features: parseFeatureTokens(input.vehicle.certifiedFeatures),
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  };
  const fired = new Set<string>();
  const violations: Violation[] = [];
  const findings: Record<string, RuleFinding> = {};
  for (const rule of registry.rules) {
    if (!ruleApplies(rule, input)) continue;
    if (rule.unlessFired?.some((id) => fired.has(id))) continue;
    const finding = rule.evaluate(ctx);
    if (!finding) continue;
    fired.add(rule.id);
    findings[rule.id] = finding;
    violations.push(toViolation(rule, finding));
  }
  violations.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { ...(input.id !== undefined ? { id: input.id } : {}), compliant: violations.length === 0, violations, rulesVersion: registry.version, findings };
}

/** Pure: the verdict of RULES.md §1.2 for one message. */
export function checkMessage(raw: unknown, registry: RuleRegistry = defaultRuleRegistry): Verdict {
  const { findings: _findings, ...verdict } = checkMessageDetailed(raw, registry);
  return verdict;
}
