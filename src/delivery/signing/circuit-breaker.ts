import type { Clock } from '../../kernel';

/**
 * Anomaly detection and circuit breaker for delivery (issue 12 item 6,
 * THREATS.md §7). One circuit per campaign × channel.
 *
 * States:
 * - `closed`: deliveries flow.
 * - `open`: nothing is delivered. Opened by a volume spike, content whose hash is
 *   not in the approved manifest, a signature by an unknown key, a spike in
 *   verifier rejections reported by vehicles, or any vehicle report of a
 *   security class (rollback, freeze, forged signature, mix-and-match, hash).
 * - `half_open`: after `cooldownMs`, circuits opened by a *rate* anomaly
 *   (volume, rejection rate) let up to `halfOpenProbes` deliveries through; if
 *   that many pass without a new anomaly the circuit closes, and any anomaly
 *   re-opens it with the cooldown doubled (up to `maxCooldownMs`).
 * - Circuits opened by a *security* anomaly (unapproved content, unknown signer,
 *   security-class reports) stay open until a person calls `reset`.
 *
 * Pure decision code: time comes only from the injected clock; the caller
 * stores alerts and acts on decisions.
 */
export type Channel = string;

export type BreakerSignal =
  | { readonly kind: 'delivery'; readonly campaignId: string; readonly channel: Channel; readonly count: number }
  | { readonly kind: 'content'; readonly campaignId: string; readonly channel: Channel; readonly sha256: string }
  | { readonly kind: 'signature'; readonly campaignId: string; readonly channel: Channel; readonly keyId: string }
  | {
      readonly kind: 'vehicle_report';
      readonly campaignId: string;
      readonly channel: Channel;
      readonly verified: number;
      readonly rejected: Readonly<Record<string, number>>;
    };

export type TripReason = 'volume_spike' | 'content_not_approved' | 'unknown_signer' | 'rejection_spike' | 'security_report';
export type CircuitState = 'closed' | 'open' | 'half_open';

export interface AlertEvent {
  readonly type: 'breaker_opened' | 'breaker_half_open' | 'breaker_closed' | 'breaker_reset';
  readonly campaignId: string;
  readonly channel: Channel;
  readonly reason?: TripReason;
  readonly detail: string;
  readonly severity: 'page' | 'warn' | 'info';
  readonly at: string;
}

export interface BreakerDecision {
  readonly allowed: boolean;
  readonly state: CircuitState;
  readonly reason?: TripReason;
  readonly alerts: readonly AlertEvent[];
}

export interface CircuitBreakerConfig {
  readonly clock: Clock;
  /** Approved content hashes per campaign (from the signed offers manifest). */
  readonly approvedContent: (campaignId: string) => ReadonlySet<string>;
  /** Key ids allowed to sign delivery content. */
  readonly knownSigners: ReadonlySet<string>;
  readonly bucketMs?: number;
  readonly baselineBuckets?: number;
  readonly minBaselineBuckets?: number;
  readonly zScore?: number;
  /** Below this many deliveries in a bucket no volume alert fires. */
  readonly minVolume?: number;
  readonly rejectionRate?: number;
  readonly minReports?: number;
  readonly cooldownMs?: number;
  readonly maxCooldownMs?: number;
  readonly halfOpenProbes?: number;
}

export const securityReportClasses = new Set(['rollback', 'freeze', 'forged_signature', 'under_threshold', 'duplicate_key', 'mix_and_match', 'hash_mismatch', 'delegation_out_of_scope', 'delegation_not_tree', 'wrong_vehicle']);
const MANUAL_RESET: ReadonlySet<TripReason> = new Set(['content_not_approved', 'unknown_signer', 'security_report']);

interface Circuit {
  state: CircuitState;
  reason?: TripReason;
  openedAt: number;
  cooldownMs: number;
  probesPassed: number;
  buckets: Map<number, number>;
  firstBucket?: number;
  reports: { at: number; verified: number; rejected: number }[];
}

export interface CircuitBreaker {
  /** Records a signal and says whether delivery for that campaign × channel may proceed. */
  observe(signal: BreakerSignal): BreakerDecision;
  /** Asks before a delivery; counts a half-open probe when allowed. */
  canDeliver(campaignId: string, channel: Channel): BreakerDecision;
  /** A person closes a circuit after review (required for security trips). */
  reset(campaignId: string, channel: Channel, by: string): AlertEvent;
  state(campaignId: string, channel: Channel): CircuitState;
}

export function createCircuitBreaker(config: CircuitBreakerConfig): CircuitBreaker {
  const c = {
    bucketMs: 3_600_000, baselineBuckets: 24 * 28, minBaselineBuckets: 24, zScore: 4, minVolume: 50,
    rejectionRate: 0.02, minReports: 20, cooldownMs: 15 * 60_000, maxCooldownMs: 4 * 3_600_000, halfOpenProbes: 20,
    ...config,
  };
  const circuits = new Map<string, Circuit>();
  const keyOf = (campaignId: string, channel: Channel) => `${campaignId}\u0000${channel}`;
  const get = (campaignId: string, channel: Channel): Circuit => {
    const key = keyOf(campaignId, channel);
    let circuit = circuits.get(key);
    if (!circuit) {
      circuit = { state: 'closed', openedAt: 0, cooldownMs: c.cooldownMs, probesPassed: 0, buckets: new Map(), reports: [] };
      circuits.set(key, circuit);
    }
    return circuit;
  };
  const now = () => c.clock().getTime();
  const alert = (type: AlertEvent['type'], campaignId: string, channel: Channel, detail: string, reason?: TripReason): AlertEvent => ({
    type, campaignId, channel, detail, at: new Date(now()).toISOString(),
    severity: type === 'breaker_opened' ? (reason && MANUAL_RESET.has(reason) ? 'page' : 'warn') : 'info',
    ...(reason ? { reason } : {}),
  });

  /** Moves open → half_open when the cooldown has passed (rate trips only). */
  const tick = (circuit: Circuit, campaignId: string, channel: Channel, alerts: AlertEvent[]): void => {
    if (circuit.state === 'open' && circuit.reason && !MANUAL_RESET.has(circuit.reason) && now() - circuit.openedAt >= circuit.cooldownMs) {
      circuit.state = 'half_open';
      circuit.probesPassed = 0;
      alerts.push(alert('breaker_half_open', campaignId, channel, `cooldown of ${circuit.cooldownMs} ms passed; probing`, circuit.reason));
    }
  };

  const trip = (circuit: Circuit, campaignId: string, channel: Channel, reason: TripReason, detail: string, alerts: AlertEvent[]): void => {
    const wasOpen = circuit.state === 'open';
    if (circuit.state === 'half_open') circuit.cooldownMs = Math.min(circuit.cooldownMs * 2, c.maxCooldownMs);
    // A security reason overrides a rate reason, never the other way round.
    if (!wasOpen || !circuit.reason || !MANUAL_RESET.has(circuit.reason)) circuit.reason = reason;
    circuit.state = 'open';
    circuit.openedAt = now();
    circuit.probesPassed = 0;
    if (!wasOpen) alerts.push(alert('breaker_opened', campaignId, channel, detail, reason));
  };

  const volumeAnomaly = (circuit: Circuit, count: number): string | undefined => {
    const bucket = Math.floor(now() / c.bucketMs);
    circuit.firstBucket ??= bucket;
    circuit.buckets.set(bucket, (circuit.buckets.get(bucket) ?? 0) + count);
    for (const b of circuit.buckets.keys()) if (b < bucket - c.baselineBuckets) circuit.buckets.delete(b);
    const from = Math.max(circuit.firstBucket, bucket - c.baselineBuckets);
    const baseline: number[] = [];
    for (let b = from; b < bucket; b++) baseline.push(circuit.buckets.get(b) ?? 0);
    if (baseline.length < c.minBaselineBuckets) return undefined;
    const mean = baseline.reduce((s, x) => s + x, 0) / baseline.length;
    const sd = Math.sqrt(baseline.reduce((s, x) => s + (x - mean) ** 2, 0) / baseline.length);
    const current = circuit.buckets.get(bucket)!;
    const limit = Math.max(mean + c.zScore * Math.max(sd, 1), c.minVolume);
    return current > limit ? `${current} deliveries this hour vs baseline mean ${mean.toFixed(1)} (sd ${sd.toFixed(1)}, limit ${limit.toFixed(0)})` : undefined;
  };

  const rejectionAnomaly = (circuit: Circuit, verified: number, rejected: number): string | undefined => {
    circuit.reports.push({ at: now(), verified, rejected });
    circuit.reports = circuit.reports.filter((r) => now() - r.at < c.bucketMs);
    const total = circuit.reports.reduce((s, r) => s + r.verified + r.rejected, 0);
    const bad = circuit.reports.reduce((s, r) => s + r.rejected, 0);
    if (total < c.minReports) return undefined;
    return bad / total > c.rejectionRate ? `${bad} of ${total} vehicle verifications rejected in the last window` : undefined;
  };

  const decision = (circuit: Circuit, alerts: AlertEvent[]): BreakerDecision => ({
    allowed: circuit.state !== 'open', state: circuit.state, alerts, ...(circuit.reason && circuit.state !== 'closed' ? { reason: circuit.reason } : {}),
  });

  return {
    observe(signal) {
      const { campaignId, channel } = signal;
      const circuit = get(campaignId, channel);
      const alerts: AlertEvent[] = [];
      tick(circuit, campaignId, channel, alerts);
      switch (signal.kind) {
        case 'delivery': {
          const why = volumeAnomaly(circuit, signal.count);
          if (why) trip(circuit, campaignId, channel, 'volume_spike', why, alerts);
          break;
        }
        case 'content':
          if (!config.approvedContent(campaignId).has(signal.sha256)) {
            trip(circuit, campaignId, channel, 'content_not_approved', `content ${signal.sha256} is not in the approved manifest`, alerts);
          }
          break;
        case 'signature':
          if (!config.knownSigners.has(signal.keyId)) trip(circuit, campaignId, channel, 'unknown_signer', `signature by unknown key ${signal.keyId}`, alerts);
          break;
        case 'vehicle_report': {
          const security = Object.entries(signal.rejected).filter(([cls, n]) => n > 0 && securityReportClasses.has(cls));
          const rejected = Object.values(signal.rejected).reduce((s, n) => s + n, 0);
          if (security.length > 0) {
            trip(circuit, campaignId, channel, 'security_report', `vehicles report ${security.map(([cls, n]) => `${cls}×${n}`).join(', ')}`, alerts);
          } else {
            const why = rejectionAnomaly(circuit, signal.verified, rejected);
            if (why) trip(circuit, campaignId, channel, 'rejection_spike', why, alerts);
          }
          break;
        }
      }
      return decision(circuit, alerts);
    },
    canDeliver(campaignId, channel) {
      const circuit = get(campaignId, channel);
      const alerts: AlertEvent[] = [];
      tick(circuit, campaignId, channel, alerts);
      if (circuit.state === 'half_open') {
        circuit.probesPassed += 1;
        if (circuit.probesPassed >= c.halfOpenProbes) {
          circuit.state = 'closed';
          circuit.cooldownMs = c.cooldownMs;
          alerts.push(alert('breaker_closed', campaignId, channel, `${c.halfOpenProbes} probes passed`, circuit.reason));
          delete circuit.reason;
        }
      }
      return decision(circuit, alerts);
    },
    reset(campaignId, channel, by) {
      const circuit = get(campaignId, channel);
      const reason = circuit.reason;
      circuit.state = 'closed';
      circuit.cooldownMs = c.cooldownMs;
      circuit.probesPassed = 0;
      circuit.reports = [];
      delete circuit.reason;
      return alert('breaker_reset', campaignId, channel, `closed by ${by}`, reason);
    },
    state(campaignId, channel) {
      const circuit = get(campaignId, channel);
      tick(circuit, campaignId, channel, []);
      return circuit.state;
    },
  };
}
