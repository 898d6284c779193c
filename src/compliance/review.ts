import { z } from 'zod';
import { ForecourtError } from '../kernel';
import { appendAuditEvent, type AuditEvent } from './audit-chain';
import { checkMessageDetailed, defaultRuleRegistry, type RuleRegistry } from './check-message';
import { ComplianceInput, RegressionCase, type Verdict } from './compliance-input';
import type { AutoFix } from './define-rule';
import { messageFingerprint } from './gate';

/**
 * Pure review workflow for blocked messages: a reviewer sees rule, evidence and
 * suggested fix, and can apply the fix, edit, approve with justification or
 * reject. Every action appends a hash-chained audit event.
 */

export type ReviewStatus = 'pending' | 'resolved' | 'approved_override' | 'rejected';

export interface ReviewItem {
  readonly id: string;
  readonly input: ComplianceInput;
  readonly originalText: string;
  readonly verdict: Verdict;
  readonly status: ReviewStatus;
  readonly justification: string | null;
  readonly audit: readonly AuditEvent[];
}

export const MIN_JUSTIFICATION_LENGTH = 20;

export const ReviewAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('apply_fix'), ruleId: z.string().min(1) }),
  z.strictObject({ type: z.literal('edit'), text: z.string().min(1).max(20_000) }),
  z.strictObject({ type: z.literal('approve_with_justification'), justification: z.string().trim().min(MIN_JUSTIFICATION_LENGTH).max(2_000) }),
  z.strictObject({ type: z.literal('reject'), reason: z.string().trim().min(3).max(2_000) }),
]);
export type ReviewAction = z.infer<typeof ReviewAction>;

export type ReviewResult =
  | { readonly ok: true; readonly item: ReviewItem; readonly event: AuditEvent }
  | { readonly ok: false; readonly code: 'INVALID_ACTION' | 'ITEM_CLOSED' | 'NO_SUCH_VIOLATION' | 'NO_AUTOMATIC_FIX'; readonly message: string };

function stripFindings(v: ReturnType<typeof checkMessageDetailed>): Verdict {
  const { findings: _f, ...verdict } = v;
  return verdict;
}

/** Opens a review item for a message (normally one that the gate blocked). */
export function createReviewItem(id: string, raw: unknown, actor: string, now: Date, registry: RuleRegistry = defaultRuleRegistry): ReviewItem {
  const input = ComplianceInput.parse(raw);
  const verdict = stripFindings(checkMessageDetailed(input, registry));
  const status: ReviewStatus = verdict.compliant ? 'resolved' : 'pending';
  const event = appendAuditEvent([], {
    itemId: id, action: 'opened', actor, at: now.toISOString(), fromStatus: null, toStatus: status,
    detail: { fingerprint: messageFingerprint(input), violations: verdict.violations.map((v) => v.ruleId) },
  });
  return { id, input, originalText: input.text, verdict, status, justification: null, audit: [event] };
}

function appendFix(text: string, addition: string): string {
  const trimmed = text.trimEnd();
  const sep = /[.!?…»"')\]]$/.test(trimmed) ? ' ' : '. ';
  return `${trimmed}${sep}${addition}`;
}

function removeSentences(text: string, evidence: readonly { start: number; end: number }[]): string {
  const parts: { start: number; end: number }[] = [];
  let s = 0;
  for (const m of text.matchAll(/[.!?]+(?:\s+|$)|\n/g)) {
    parts.push({ start: s, end: m.index + m[0].length });
    s = m.index + m[0].length;
  }
  if (s < text.length) parts.push({ start: s, end: text.length });
  const keep = parts.filter((p) => !evidence.some((e) => e.start < p.end && e.end > p.start));
  return keep.map((p) => text.slice(p.start, p.end)).join('').trim();
}

/** Applies an automatic fix to a text; exported for previews in the review page. */
export function applyAutoFix(text: string, fix: AutoFix, evidence: readonly { start: number; end: number }[]): string {
  return fix.kind === 'append' ? appendFix(text, fix.text) : removeSentences(text, evidence);
}

/** Pure: one reviewer action → the new item state and its audit event (or an error value). */
export function applyReviewAction(item: ReviewItem, rawAction: unknown, actor: string, now: Date, registry: RuleRegistry = defaultRuleRegistry): ReviewResult {
  const parsed = ReviewAction.safeParse(rawAction);
  if (!parsed.success) return { ok: false, code: 'INVALID_ACTION', message: parsed.error.issues.map((i) => i.message).join('; ') };
  if (!actor.trim()) return { ok: false, code: 'INVALID_ACTION', message: 'actor is required' };
  const action = parsed.data;
  if (item.status !== 'pending') return { ok: false, code: 'ITEM_CLOSED', message: `item is ${item.status}` };

  let text = item.input.text;
  let detail: Record<string, unknown> = {};
  let status: ReviewStatus = item.status;
  let justification = item.justification;

  if (action.type === 'apply_fix' || action.type === 'edit') {
    if (action.type === 'apply_fix') {
      const current = checkMessageDetailed(item.input, registry);
      const finding = current.findings[action.ruleId];
      if (!finding) return { ok: false, code: 'NO_SUCH_VIOLATION', message: `${action.ruleId} is not violated` };
      if (!finding.autoFix || (finding.autoFix.kind === 'remove_evidence_sentences' && finding.evidence.length === 0)) {
        return { ok: false, code: 'NO_AUTOMATIC_FIX', message: `${action.ruleId} has no automatic fix; edit the text` };
      }
      text = applyAutoFix(text, finding.autoFix, finding.evidence);
      detail = { ruleId: action.ruleId, fix: finding.autoFix.kind };
    } else {
      text = action.text;
      detail = {};
    }
    const input = { ...item.input, text };
    const verdict = stripFindings(checkMessageDetailed(input, registry));
    status = verdict.compliant ? 'resolved' : 'pending';
    detail = { ...detail, fingerprint: messageFingerprint(input), violations: verdict.violations.map((v) => v.ruleId) };
    const event = appendAuditEvent(item.audit, { itemId: item.id, action: action.type, actor, at: now.toISOString(), fromStatus: item.status, toStatus: status, detail });
    return { ok: true, item: { ...item, input, verdict, status, audit: [...item.audit, event] }, event };
  }
  if (action.type === 'approve_with_justification') {
    status = 'approved_override';
    justification = action.justification;
    detail = { justification: action.justification, fingerprint: messageFingerprint(item.input), violations: item.verdict.violations.map((v) => v.ruleId) };
  } else {
    status = 'rejected';
    detail = { reason: action.reason };
  }
  const event = appendAuditEvent(item.audit, { itemId: item.id, action: action.type, actor, at: now.toISOString(), fromStatus: item.status, toStatus: status, detail });
  return { ok: true, item: { ...item, status, justification, audit: [...item.audit, event] }, event };
}

/** A reviewer's finding as a regression case in the examples.jsonl format (RULES.md §1.3). */
export function toRegressionCase(item: ReviewItem, expectedViolations: readonly string[], id = `R-${item.id}`, registry: RuleRegistry = defaultRuleRegistry): RegressionCase {
  const known = new Set(registry.rules.map((r) => r.id));
  const unknown = expectedViolations.filter((v) => !known.has(v));
  if (unknown.length) throw new ForecourtError('VALIDATION_FAILED', `unknown rule ids: ${unknown.join(', ')}`);
  const violations = [...new Set(expectedViolations)].sort();
  return RegressionCase.parse({
    id,
    market: item.input.market,
    channel: item.input.channel,
    vehicle: item.input.vehicle,
    consent: item.input.consent,
    text: item.input.text,
    expected: { violations, compliant: violations.length === 0 },
  });
}
