import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { clvEffect, createClvModel, customerLifetimeValue, defaultClvCoefficients, fitClvModel, type PersonPeriod } from './lifetime-value';

const model = createClvModel();
const customer = { satisfaction: 0.7, priorDiscounts: 1, vehicleAgeYears: 3 };

describe('lifetime value', () => {
  it('is higher for more satisfied customers and lower with more prior discounts', () => {
    const base = customerLifetimeValue(model, customer).value;
    expect(customerLifetimeValue(model, { ...customer, satisfaction: 0.9 }).value).toBeGreaterThan(base);
    expect(customerLifetimeValue(model, { ...customer, priorDiscounts: 4 }).value).toBeLessThan(base);
    expect(base).toBeGreaterThan(0);
  });

  it('charges discount conditioning to discount offers', () => {
    const e = clvEffect(customer, { kind: 'cash_rebate', discountValue: 500 }, model);
    expect(e.delta).toBeLessThan(0);
    expect(e.components.discountConditioning).toBeCloseTo(e.delta, 9);
    expect(e.after.fullPriceShare).toBeLessThan(e.before.fullPriceShare);
  });

  it('charges regret to features the owner will not use, more for lower need', () => {
    const unused = clvEffect(customer, { kind: 'feature_purchase', need: 0.1 }, model);
    const used = clvEffect(customer, { kind: 'feature_purchase', need: 0.9 }, model);
    expect(unused.delta).toBeLessThan(used.delta);
    expect(unused.components.regret).toBeLessThan(0);
    expect(clvEffect(customer, { kind: 'feature_purchase', need: 1 }, model).delta).toBeCloseTo(0, 9);
  });

  it('credits a needed service package', () => {
    expect(clvEffect(customer, { kind: 'service_package', need: 1 }, model).delta).toBeGreaterThan(0);
  });

  it('fits the hazards back from simulated person-periods', () => {
    const rng = createRng('clv');
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    const truth = defaultClvCoefficients;
    const rows: PersonPeriod[] = [];
    for (let c = 0; c < 6000; c++) {
      const sat = rng.next();
      let age = rng.int(6);
      const disc = rng.int(5);
      for (let year = 0; year < 8; year++, age++) {
        const churned = rng.next() < sig(truth.churn.intercept + truth.churn.satisfaction * sat + truth.churn.vehicleAge * age);
        const repurchased = !churned && rng.next() < sig(truth.repurchase.intercept + truth.repurchase.satisfaction * sat + truth.repurchase.vehicleAge * age);
        const fullPrice = repurchased ? rng.next() < sig(truth.fullPrice.intercept + truth.fullPrice.priorDiscounts * disc) : null;
        rows.push({ customerId: `c${c}`, year, satisfaction: sat, priorDiscounts: disc, vehicleAgeYears: age, churned, repurchased, fullPrice });
        if (churned || repurchased) break;
      }
    }
    const stages: string[] = [];
    const fitted = fitClvModel(rows, {}, (e) => stages.push(e.stage));
    expect(stages).toEqual(['clv-churn', 'clv-repurchase', 'clv-full-price']);
    expect(fitted.coefficients.churn.satisfaction).toBeCloseTo(truth.churn.satisfaction, 0);
    expect(fitted.coefficients.repurchase.vehicleAge).toBeCloseTo(truth.repurchase.vehicleAge, 1);
    expect(fitted.coefficients.fullPrice.priorDiscounts).toBeLessThan(-0.2);
  });
});
