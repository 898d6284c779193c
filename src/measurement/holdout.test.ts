import { describe, expect, it } from 'vitest';
import { assignHoldout, holdoutBucket } from './holdout';

const plan = { experimentId: 'exp-spring', salt: 'secret-salt-1', shares: { customer: 0.1, dealer: 0, region: 0 } };

describe('holdouts', () => {
  it('are deterministic and sticky for a unit and salt', () => {
    const u = { customerId: 'own-42', dealerId: 'dlr-1', regionId: 'reg-n' };
    const a = assignHoldout(plan, u);
    for (let i = 0; i < 5; i++) expect(assignHoldout(plan, u)).toEqual(a);
  });

  it('hold out about the requested share, independently per salt', () => {
    const n = 20000;
    let held = 0, both = 0;
    const other = { ...plan, salt: 'secret-salt-2' };
    for (let i = 0; i < n; i++) {
      const u = { customerId: `own-${i}`, dealerId: null, regionId: null };
      const a = assignHoldout(plan, u).heldOut, b = assignHoldout(other, u).heldOut;
      if (a) held++;
      if (a && b) both++;
    }
    expect(held / n).toBeGreaterThan(0.09);
    expect(held / n).toBeLessThan(0.11);
    // Independent salts: overlap near 0.1 * 0.1.
    expect(both / n).toBeGreaterThan(0.006);
    expect(both / n).toBeLessThan(0.014);
  });

  it('hold out whole dealers and regions: every customer of a held-out dealer is held out', () => {
    const dealerPlan = { ...plan, shares: { customer: 0, dealer: 0.3, region: 0 } };
    const dealers = Array.from({ length: 50 }, (_, i) => `dlr-${i}`);
    const heldDealer = dealers.find((d) => holdoutBucket(dealerPlan.salt, dealerPlan.experimentId, 'dealer', d) < 0.3)!;
    for (let c = 0; c < 20; c++) {
      const a = assignHoldout(dealerPlan, { customerId: `own-${c}`, dealerId: heldDealer, regionId: null });
      expect(a.heldOut).toBe(true);
      expect(a.level).toBe('dealer');
    }
    const regionPlan = { ...plan, shares: { customer: 0, dealer: 0, region: 1 } };
    expect(assignHoldout(regionPlan, { customerId: 'own-1', dealerId: 'dlr-1', regionId: 'reg-s' }).level).toBe('region');
  });

  it('rejects a short salt', () => {
    expect(() => assignHoldout({ ...plan, salt: 'x' }, { customerId: 'own-1', dealerId: null, regionId: null })).toThrow();
  });
});
