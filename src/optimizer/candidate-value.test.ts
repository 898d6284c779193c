import { describe, expect, it } from 'vitest';
import { createClvModel } from '../models';
import { candidateValue, lifetimeDelta } from './candidate-value';

const lifetime = (priorDiscounts = 0) => ({ model: createClvModel(), customer: { satisfaction: 0.7, priorDiscounts, vehicleAgeYears: 2 } });
const rebate = { kind: 'cash_rebate' as const, terms: { amountMinor: 100_000 }, costMinor: 100_000 };
const feature = { kind: 'feature_purchase' as const, terms: { featureCode: 'ADAS-PILOT', priceMinor: 150_000, listPriceMinor: 200_000 }, costMinor: 20_000 };
const service = { kind: 'service_package' as const, terms: { serviceCode: 'BRK-PADS', priceMinor: 15_900, listPriceMinor: 19_900 }, costMinor: 4_000 };

describe('candidate value with the lifetime-value term', () => {
  it('a discount costs lifetime value (conditioning), more so for a customer already used to discounts', () => {
    const first = lifetimeDelta(rebate, 1, lifetime(0));
    expect(first).toBeLessThan(0);
    expect(candidateValue(rebate, 0.5, 'email', 0, undefined, lifetime(0))).toBeLessThan(candidateValue(rebate, 0.5, 'email', 0));
  });

  it('selling a feature the owner will not use costs lifetime value (regret); one they will use does not', () => {
    expect(lifetimeDelta(feature, 0.1, lifetime())).toBeLessThan(lifetimeDelta(feature, 0.9, lifetime()));
    expect(lifetimeDelta(feature, 1, lifetime())).toBeCloseTo(0, 9);
    expect(lifetimeDelta(feature, 0.1, lifetime())).toBeLessThan(0);
    // The prior need is not evidence of non-use: no regret is charged on it.
    expect(lifetimeDelta(feature, 0.1, { ...lifetime(), needObserved: false })).toBeCloseTo(0, 9);
  });

  it('a service package adds lifetime value (loyalty), and no model means no term', () => {
    expect(lifetimeDelta(service, 1, lifetime())).toBeGreaterThan(0);
    expect(lifetimeDelta(service, 1, undefined)).toBe(0);
    expect(candidateValue(service, 1, 'hmi', 0, undefined, lifetime())).toBeGreaterThan(candidateValue(service, 1, 'hmi', 0));
    // Loyalty scales with the need it was valued at, observed or prior.
    expect(lifetimeDelta(service, 0.3, { ...lifetime(), needObserved: false })).toBeCloseTo(lifetimeDelta(service, 0.3, lifetime()), 9);
  });
});
