import { ComplianceInput } from '../compliance';
import type { Channel } from '../domain';
import { isForecourtError, type Clock } from '../kernel';
import type { Db } from '../store';
import { assertMessageCleared, ChannelError, type ChannelSender } from './channel';
import { consentFor } from './delivery-gate';
import { backoffMs, defaultBackoff, outboxStore, type Backoff, type OutboxRow } from './outbox-store';
import type { AlertEvent, CircuitBreaker } from './signing';

/**
 * Sends what the outbox holds. For each claimed row: the gate (stored input = row content,
 * clearance valid), current consent, the circuit breaker for campaign × channel, then the
 * provider through the channel (idempotent on the row's key, ledger = the row). Outcomes:
 * sent; retried with exponential backoff; dead with a reason; held (breaker open, vehicle
 * moving) without using an attempt.
 */
export interface OutboxWorkerDeps {
  readonly db: Db;
  readonly channels: ReadonlyMap<Channel, ChannelSender>;
  readonly clock: Clock;
  readonly workerId: string;
  readonly leaseMs?: number;
  readonly backoff?: Backoff;
  readonly breaker?: CircuitBreaker;
  /** Where to hold a row while its circuit is open (default 15 min). */
  readonly breakerHoldMs?: number;
  readonly onAlert?: (alert: AlertEvent) => void;
}

export interface RunSummary {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  held: number;
  /** Claimed rows found cancelled before sending (not sent). */
  cancelled: number;
}

export function createOutboxWorker(deps: OutboxWorkerDeps) {
  const outbox = outboxStore(deps.db);
  const leaseMs = deps.leaseMs ?? 60_000;
  const backoff = deps.backoff ?? defaultBackoff;

  async function currentConsent(ownerId: string): Promise<Record<string, boolean>> {
    const { rows } = await deps.db.query<{ purpose: string; channel: string; granted: boolean }>('SELECT purpose, channel, granted FROM consents WHERE owner_id = $1', [ownerId]);
    return Object.fromEntries(rows.map((r) => [`${r.purpose}:${r.channel}`, r.granted]));
  }

  async function dead(row: OutboxRow, reason: string, summary: RunSummary): Promise<void> {
    await outbox.fail(row.id, deps.workerId, { reason, retryAt: null });
    summary.dead++;
  }

  async function handle(row: OutboxRow, summary: RunSummary): Promise<void> {
    const now = deps.clock();
    if (row.providerMessageId) {
      // Sent before a crash, recorded, but not marked: finish without calling the provider.
      if (await outbox.complete(row.id, deps.workerId, row.providerMessageId, now)) summary.sent++;
      return;
    }
    let cleared;
    try {
      cleared = assertMessageCleared(row.stored);
    } catch (err) {
      const input = ComplianceInput.safeParse(row.stored.complianceInput);
      if (input.success) {
        await outbox.openReview(input.data, { dealerId: row.dealerId, ownerId: row.ownerId, offerId: row.offerId, channel: row.channel, reason: `send-time gate: ${(err as Error).message}`, now });
      }
      await dead(row, `compliance_blocked: ${(err as Error).message}`, summary);
      return;
    }
    const consent = await currentConsent(row.ownerId);
    if (!consentFor(consent, 'marketing_contact', row.channel)) {
      await dead(row, 'consent_withdrawn', summary);
      return;
    }
    if (deps.breaker) {
      const decision = deps.breaker.canDeliver(row.campaignId, row.channel);
      for (const a of decision.alerts) deps.onAlert?.(a);
      if (!decision.allowed) {
        await outbox.hold(row.id, deps.workerId, new Date(now.getTime() + (deps.breakerHoldMs ?? 15 * 60_000)), `breaker_open${decision.reason ? `: ${decision.reason}` : ''}`);
        summary.held++;
        return;
      }
    }
    const channel = deps.channels.get(row.channel);
    if (!channel) {
      await outbox.fail(row.id, deps.workerId, { reason: `channel ${row.channel} is not configured`, retryAt: new Date(now.getTime() + backoffMs(row.attempts, backoff)) });
      summary.retried++;
      return;
    }
    if (!(await outbox.holdsLease(row.id, deps.workerId))) {
      // Cancelled (or re-claimed after an expired lease) since this batch was claimed: never send it.
      summary.cancelled++;
      return;
    }
    try {
      const result = await channel.send(cleared);
      await outbox.complete(row.id, deps.workerId, result.providerMessageId, deps.clock());
      summary.sent++;
      if (deps.breaker) for (const a of deps.breaker.observe({ kind: 'delivery', campaignId: row.campaignId, channel: row.channel, count: 1 }).alerts) deps.onAlert?.(a);
    } catch (err) {
      if (err instanceof ChannelError) {
        if (err.kind === 'rejected' && err.retryable) {
          await outbox.hold(row.id, deps.workerId, new Date(deps.clock().getTime() + backoffMs(1, backoff)), `${err.kind}: ${err.message}`);
          summary.held++;
          return;
        }
        const retryAt = err.retryable ? new Date(deps.clock().getTime() + backoffMs(row.attempts, backoff)) : null;
        const status = await outbox.fail(row.id, deps.workerId, { reason: `${err.kind}: ${err.message}`, retryAt });
        if (status === 'dead') summary.dead++;
        else summary.retried++;
        return;
      }
      if (isForecourtError(err) && err.code === 'COMPLIANCE_BLOCKED') {
        await dead(row, `compliance_blocked: ${err.message}`, summary);
        return;
      }
      await outbox.fail(row.id, deps.workerId, { reason: `internal: ${(err as Error).message}`, retryAt: new Date(deps.clock().getTime() + backoffMs(row.attempts, backoff)) });
      summary.retried++;
    }
  }

  return {
    /** Claims one batch and processes it. */
    async runOnce(limit = 20): Promise<RunSummary> {
      const summary: RunSummary = { claimed: 0, sent: 0, retried: 0, dead: 0, held: 0, cancelled: 0 };
      const rows = await outbox.claim(deps.workerId, deps.clock(), leaseMs, limit, [...deps.channels.keys()]);
      summary.claimed = rows.length;
      for (const row of rows) await handle(row, summary);
      return summary;
    },

    /** Runs batches until nothing is due (rows waiting for a backoff are left for later). */
    async runUntilIdle(limit = 20, maxBatches = 1000): Promise<RunSummary> {
      const total: RunSummary = { claimed: 0, sent: 0, retried: 0, dead: 0, held: 0, cancelled: 0 };
      for (let i = 0; i < maxBatches; i++) {
        const s = await this.runOnce(limit);
        for (const k of Object.keys(total) as (keyof RunSummary)[]) total[k] += s[k];
        if (s.claimed === 0) break;
      }
      return total;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
