import { describe, expect, it } from 'vitest';
import { isForecourtError } from '../kernel';
import { assertCleared, clearMessage, messageFingerprint } from './gate';

const now = new Date('2026-05-01T10:00:00Z');
const passing = {
  id: 'M-1',
  market: 'UK' as const,
  channel: 'email' as const,
  vehicle: { model: 'Castell C3', adasLevel: 1, certifiedFeatures: [] as string[] },
  consent: { telematicsMarketing: false, channelMarketing: true },
  text: 'Free car mats with every new Castell C3 ordered by 31/05/2026 (one set per vehicle).',
};

function blockedCode(f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return isForecourtError(e) ? e.code : 'OTHER';
  }
}

describe('compliance gate', () => {
  it('clears a passing message and accepts exactly that message', () => {
    const r = clearMessage(passing, now);
    expect(r.cleared).toBe(true);
    if (!r.cleared) return;
    expect(r.clearance.checkedAt).toBe(now.toISOString());
    expect(r.clearance.fingerprint).toBe(messageFingerprint(passing));
    expect(() => assertCleared(passing, r.clearance)).not.toThrow();
    expect(() => assertCleared({ ...passing, id: 'other-id' }, r.clearance)).not.toThrow();
  });

  it('blocks when any one of text, market, channel, vehicle or consent changes after clearance', () => {
    const r = clearMessage(passing, now);
    if (!r.cleared) throw new Error('expected clearance');
    const variants = {
      text: { ...passing, text: `${passing.text} ` },
      market: { ...passing, market: 'EU' as const },
      channel: { ...passing, channel: 'sms' as const },
      vehicleModel: { ...passing, vehicle: { ...passing.vehicle, model: 'Castell C4' } },
      vehicleLevel: { ...passing, vehicle: { ...passing.vehicle, adasLevel: 2 } },
      vehicleFeatures: { ...passing, vehicle: { ...passing.vehicle, certifiedFeatures: ['L2_HANDS_OFF:mapped_motorway'] } },
      consentChannel: { ...passing, consent: { ...passing.consent, channelMarketing: false } },
      consentTelematics: { ...passing, consent: { ...passing.consent, telematicsMarketing: true } },
    };
    for (const [name, variant] of Object.entries(variants)) {
      expect(blockedCode(() => assertCleared(variant, r.clearance)), name).toBe('COMPLIANCE_BLOCKED');
    }
  });

  it('never clears a failing message and rejects missing, malformed, stale or forged clearances', () => {
    const failing = { ...passing, text: 'Get a FREE* tablet with your test drive!' };
    const r = clearMessage(failing, now);
    expect(r.cleared).toBe(false);
    if (r.cleared) return;
    expect(r.verdict.violations.map((v) => v.ruleId)).toEqual(['PRICE-001']);
    const forged = { fingerprint: messageFingerprint(failing), rulesVersion: clearMessage(passing, now).cleared ? (clearMessage(passing, now) as { clearance: { rulesVersion: string } }).clearance.rulesVersion : '', checkedAt: now.toISOString() };
    expect(blockedCode(() => assertCleared(failing, forged))).toBe('COMPLIANCE_BLOCKED');
    expect(blockedCode(() => assertCleared(passing, undefined))).toBe('COMPLIANCE_BLOCKED');
    expect(blockedCode(() => assertCleared(passing, { fingerprint: 'x', rulesVersion: '1', checkedAt: 'now' }))).toBe('COMPLIANCE_BLOCKED');
    expect(blockedCode(() => assertCleared(passing, { ...forged, fingerprint: messageFingerprint(passing), rulesVersion: '0.9+old' }))).toBe('COMPLIANCE_BLOCKED');
    expect(blockedCode(() => assertCleared({ text: 'unchecked' }, forged))).toBe('COMPLIANCE_BLOCKED');
  });

  it('fingerprints canonically: absent consent equals false, feature order does not matter', () => {
    const a = { ...passing, consent: {} };
    const b = { ...passing, consent: { telematicsMarketing: false, channelMarketing: false } };
    expect(messageFingerprint(a)).toBe(messageFingerprint(b));
    const f1 = { ...passing, vehicle: { ...passing.vehicle, certifiedFeatures: ['L2_HANDS_OFF:motorway', 'L3_EYES_OFF:motorway:95kmh'] } };
    const f2 = { ...passing, vehicle: { ...passing.vehicle, certifiedFeatures: ['L3_EYES_OFF:motorway:95kmh', 'L2_HANDS_OFF:motorway'] } };
    expect(messageFingerprint(f1)).toBe(messageFingerprint(f2));
    expect(messageFingerprint(passing)).toMatch(/^[0-9a-f]{64}$/);
  });
});
