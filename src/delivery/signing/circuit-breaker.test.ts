import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitBreakerConfig } from './circuit-breaker';

const HOUR = 3_600_000;

function setup(over: Partial<CircuitBreakerConfig> = {}) {
  let t = Date.parse('2026-11-01T00:00:00Z');
  const clock = () => new Date(t);
  const breaker = createCircuitBreaker({
    clock,
    approvedContent: (campaign) => new Set(campaign === 'winter' ? ['a'.repeat(64)] : []),
    knownSigners: new Set(['key-online-1']),
    minBaselineBuckets: 24,
    halfOpenProbes: 3,
    cooldownMs: 15 * 60_000,
    ...over,
  });
  return { breaker, advance: (ms: number) => (t += ms) };
}

/** 48 hours of ordinary traffic: 100 ± 10 deliveries per hour. */
function warmUp(s: ReturnType<typeof setup>, campaignId = 'winter', channel = 'push') {
  for (let h = 0; h < 48; h++) {
    expect(s.breaker.observe({ kind: 'delivery', campaignId, channel, count: 100 + ((h * 7) % 21) - 10 }).allowed).toBe(true);
    s.advance(HOUR);
  }
}

describe('circuit breaker', () => {
  it('stays closed for ordinary volume and opens on a spike for that campaign × channel only', () => {
    const s = setup();
    warmUp(s);
    warmUp(s, 'winter', 'email');
    const spike = s.breaker.observe({ kind: 'delivery', campaignId: 'winter', channel: 'push', count: 5_000 });
    expect(spike).toMatchObject({ allowed: false, state: 'open', reason: 'volume_spike' });
    expect(spike.alerts).toEqual([expect.objectContaining({ type: 'breaker_opened', reason: 'volume_spike', severity: 'warn' })]);
    expect(s.breaker.canDeliver('winter', 'push').allowed).toBe(false);
    expect(s.breaker.canDeliver('winter', 'email').allowed).toBe(true);
    expect(s.breaker.canDeliver('spring', 'push').allowed).toBe(true);
  });

  it('does not judge volume before a baseline exists', () => {
    const s = setup();
    expect(s.breaker.observe({ kind: 'delivery', campaignId: 'winter', channel: 'push', count: 100_000 }).allowed).toBe(true);
  });

  it('half-opens after the cooldown, closes after enough clean probes', () => {
    const s = setup();
    warmUp(s);
    s.breaker.observe({ kind: 'delivery', campaignId: 'winter', channel: 'push', count: 5_000 });
    s.advance(14 * 60_000);
    expect(s.breaker.state('winter', 'push')).toBe('open');
    s.advance(60_000);
    const probe = s.breaker.canDeliver('winter', 'push');
    expect(probe).toMatchObject({ allowed: true, state: 'half_open' });
    expect(probe.alerts.map((a) => a.type)).toEqual(['breaker_half_open']);
    expect(s.breaker.canDeliver('winter', 'push').state).toBe('half_open');
    const last = s.breaker.canDeliver('winter', 'push');
    expect(last).toMatchObject({ allowed: true, state: 'closed' });
    expect(last.alerts.map((a) => a.type)).toEqual(['breaker_closed']);
  });

  it('re-opens from half-open on a new anomaly and doubles the cooldown', () => {
    const s = setup();
    warmUp(s);
    s.breaker.observe({ kind: 'delivery', campaignId: 'winter', channel: 'push', count: 5_000 });
    s.advance(15 * 60_000);
    expect(s.breaker.canDeliver('winter', 'push').state).toBe('half_open');
    expect(s.breaker.observe({ kind: 'delivery', campaignId: 'winter', channel: 'push', count: 10 }).state).toBe('open');
    s.advance(15 * 60_000);
    expect(s.breaker.state('winter', 'push')).toBe('open');
    s.advance(15 * 60_000);
    expect(s.breaker.state('winter', 'push')).toBe('half_open');
  });

  it('opens on content not in the approved manifest and needs a person to reset it', () => {
    const s = setup();
    expect(s.breaker.observe({ kind: 'content', campaignId: 'winter', channel: 'in-vehicle', sha256: 'a'.repeat(64) }).allowed).toBe(true);
    const bad = s.breaker.observe({ kind: 'content', campaignId: 'winter', channel: 'in-vehicle', sha256: 'b'.repeat(64) });
    expect(bad).toMatchObject({ allowed: false, reason: 'content_not_approved' });
    expect(bad.alerts[0]).toMatchObject({ severity: 'page' });
    s.advance(24 * HOUR);
    expect(s.breaker.canDeliver('winter', 'in-vehicle').allowed).toBe(false);
    expect(s.breaker.reset('winter', 'in-vehicle', 'security-oncall')).toMatchObject({ type: 'breaker_reset', reason: 'content_not_approved' });
    expect(s.breaker.canDeliver('winter', 'in-vehicle').allowed).toBe(true);
  });

  it('opens on an unknown signer', () => {
    const s = setup();
    expect(s.breaker.observe({ kind: 'signature', campaignId: 'winter', channel: 'in-vehicle', keyId: 'key-online-1' }).allowed).toBe(true);
    expect(s.breaker.observe({ kind: 'signature', campaignId: 'winter', channel: 'in-vehicle', keyId: 'key-nobody' })).toMatchObject({ allowed: false, reason: 'unknown_signer' });
  });

  it('opens on any vehicle report of a security class', () => {
    const s = setup();
    const d = s.breaker.observe({ kind: 'vehicle_report', campaignId: 'winter', channel: 'in-vehicle', verified: 10_000, rejected: { rollback: 1 } });
    expect(d).toMatchObject({ allowed: false, reason: 'security_report' });
    expect(d.alerts[0]!.detail).toContain('rollback×1');
  });

  it('opens on a spike in ordinary verifier rejections, not on a few', () => {
    const s = setup();
    expect(s.breaker.observe({ kind: 'vehicle_report', campaignId: 'winter', channel: 'in-vehicle', verified: 990, rejected: { schema_violation: 10 } }).allowed).toBe(true);
    expect(s.breaker.observe({ kind: 'vehicle_report', campaignId: 'winter', channel: 'in-vehicle', verified: 100, rejected: { schema_violation: 200 } })).toMatchObject({
      allowed: false, reason: 'rejection_spike',
    });
  });

  it('keeps a security reason when a rate anomaly follows', () => {
    const s = setup();
    s.breaker.observe({ kind: 'signature', campaignId: 'winter', channel: 'push', keyId: 'key-nobody' });
    s.breaker.observe({ kind: 'vehicle_report', campaignId: 'winter', channel: 'push', verified: 0, rejected: { expired: 500 } });
    s.advance(HOUR);
    expect(s.breaker.canDeliver('winter', 'push')).toMatchObject({ allowed: false, reason: 'unknown_signer' });
  });
});
