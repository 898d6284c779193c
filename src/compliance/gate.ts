import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ForecourtError } from '../kernel';
import { checkMessage, defaultRuleRegistry, type RuleRegistry } from './check-message';
import { ComplianceInput, type Verdict } from './compliance-input';

/**
 * Gate primitives for the delivery path. A clearance binds a passing verdict to the
 * exact text, market, channel, vehicle and consent state; anything else is blocked.
 */

export const Clearance = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  rulesVersion: z.string().min(1),
  checkedAt: z.iso.datetime(),
});
export type Clearance = z.infer<typeof Clearance>;

export type ClearResult = { readonly cleared: true; readonly clearance: Clearance } | { readonly cleared: false; readonly verdict: Verdict };

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Canonical JSON (sorted keys, no whitespace) of a value. */
export function canonicalJson(value: unknown): string {
  return canonical(value);
}

/**
 * SHA-256 over the canonical JSON of exactly {text, market, channel, vehicle, consent}.
 * Consent is normalised (absent ⇒ false) and feature tokens are sorted, so equivalent
 * inputs share a fingerprint and the message id does not matter.
 */
export function messageFingerprint(raw: unknown): string {
  const input = ComplianceInput.parse(raw);
  const material = {
    text: input.text,
    market: input.market,
    channel: input.channel,
    vehicle: { model: input.vehicle.model, adasLevel: input.vehicle.adasLevel, certifiedFeatures: [...input.vehicle.certifiedFeatures].sort() },
    consent: { telematicsMarketing: input.consent.telematicsMarketing === true, channelMarketing: input.consent.channelMarketing === true },
  };
  return createHash('sha256').update(canonical(material)).digest('hex');
}

/** Pure: checks the message and, if it passes, issues a clearance bound to its fingerprint. */
export function clearMessage(raw: unknown, now: Date, registry: RuleRegistry = defaultRuleRegistry): ClearResult {
  const verdict = checkMessage(raw, registry);
  if (!verdict.compliant) return { cleared: false, verdict };
  return { cleared: true, clearance: { fingerprint: messageFingerprint(raw), rulesVersion: registry.version, checkedAt: now.toISOString() } };
}

/**
 * Throws COMPLIANCE_BLOCKED unless `clearance` was issued for exactly this input by
 * this rule set, and the input still passes (so a hand-made clearance is worthless).
 */
export function assertCleared(raw: unknown, clearance: unknown, registry: RuleRegistry = defaultRuleRegistry): void {
  const parsedClearance = Clearance.safeParse(clearance);
  if (!parsedClearance.success) throw new ForecourtError('COMPLIANCE_BLOCKED', 'no valid compliance clearance');
  const input = ComplianceInput.safeParse(raw);
  if (!input.success) throw new ForecourtError('COMPLIANCE_BLOCKED', 'message does not parse as a compliance input', input.error.issues);
  const c = parsedClearance.data;
  if (c.fingerprint !== messageFingerprint(input.data)) {
    throw new ForecourtError('COMPLIANCE_BLOCKED', 'clearance was issued for a different text, market, channel, vehicle or consent state');
  }
  if (c.rulesVersion !== registry.version) throw new ForecourtError('COMPLIANCE_BLOCKED', `clearance is for rules ${c.rulesVersion}, current rules are ${registry.version}`);
  const verdict = checkMessage(input.data, registry);
  if (!verdict.compliant) throw new ForecourtError('COMPLIANCE_BLOCKED', 'message fails the compliance check', verdict.violations);
}
