import { z } from 'zod';
import { Channel } from '../domain';
import type { AlertEvent, BreakerDecision, CircuitBreaker } from './signing';

/**
 * Verifier rejection reports from vehicles/apps, aggregated per campaign and channel, fed into
 * the circuit breaker (issue 12 item 6). Counts by attack class as the verifier names them.
 */
export const VerifierReport = z.strictObject({
  campaignId: z.string().min(1).max(100),
  channel: Channel,
  verified: z.int().min(0).max(10_000_000),
  rejected: z.record(z.string().regex(/^[a-z_]{1,40}$/), z.int().min(0).max(10_000_000)),
});
export type VerifierReport = z.infer<typeof VerifierReport>;

export function feedVerifierReport(breaker: CircuitBreaker, raw: unknown, onAlert?: (a: AlertEvent) => void): BreakerDecision {
  const report = VerifierReport.parse(raw);
  const decision = breaker.observe({ kind: 'vehicle_report', campaignId: report.campaignId, channel: report.channel, verified: report.verified, rejected: report.rejected });
  for (const a of decision.alerts) onAlert?.(a);
  return decision;
}
