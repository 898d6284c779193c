import { z } from 'zod';
import { MarketCode, storableText } from '../domain';
import { FeatureTokenString } from './feature-token';

/** Channels of RULES.md §1.5 (message channels, not the delivery adapters' names). */
export const complianceChannels = ['hmi_card', 'push', 'email', 'sms', 'social_ad', 'web_banner'] as const;
export const ComplianceChannel = z.enum(complianceChannels);
export type ComplianceChannel = z.infer<typeof ComplianceChannel>;

/**
 * Text PostgreSQL can store (reviews keep the input as jsonb): no NUL and no
 * unpaired UTF-16 surrogate. Found by tests/fuzz/compliance-texts.test.ts.
 */
const storable = (max: number) => storableText(0, max);

/** One message to check (RULES.md §1.1). Unknown keys (e.g. `expected`) are stripped. */
export const ComplianceInput = z.object({
  id: storable(200).optional(),
  market: MarketCode,
  channel: ComplianceChannel,
  vehicle: z.object({
    model: storable(200).min(1),
    adasLevel: z.int().min(0).max(5),
    certifiedFeatures: z.array(FeatureTokenString).max(50).default([]),
  }),
  consent: z
    .object({
      telematicsMarketing: z.boolean().optional(),
      channelMarketing: z.boolean().optional(),
    })
    .default({}),
  text: storable(20_000),
});
export type ComplianceInput = z.infer<typeof ComplianceInput>;
export type ComplianceInputDraft = z.input<typeof ComplianceInput>;

export const Severity = z.enum(['critical', 'major']);
export type Severity = z.infer<typeof Severity>;

export const Evidence = z.object({ start: z.int().min(0), end: z.int().min(0), text: z.string() });
export type Evidence = z.infer<typeof Evidence>;

export const Violation = z.object({
  ruleId: z.string(),
  severity: Severity,
  evidence: z.array(Evidence),
  missing: z.array(z.string()),
  explanation: z.string(),
  suggestedFix: z.string(),
});
export type Violation = z.infer<typeof Violation>;

/** Verdict of RULES.md §1.2, plus the rules version and the input id for traceability. */
export const Verdict = z.object({
  id: z.string().optional(),
  compliant: z.boolean(),
  violations: z.array(Violation),
  rulesVersion: z.string(),
});
export type Verdict = z.infer<typeof Verdict>;

/** A labelled record (RULES.md §1.3), also the format of reviewer regression cases. */
export const RegressionCase = ComplianceInput.extend({
  id: z.string().min(1),
  expected: z.object({ violations: z.array(z.string()), compliant: z.boolean() }),
});
export type RegressionCase = z.infer<typeof RegressionCase>;
