import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { fitGbt } from './gradient-boosting';
import { fitLogistic, fitRidge } from './logistic-regression';
import { createMatrix } from './matrix';
import { pearsonOf, syntheticUplift } from './synthetic-uplift';
import { fitUplift, upliftMethods } from './uplift-learners';
import { chooseTreatment } from './treatment-choice';

describe('logistic and ridge regression', () => {
  it('recovers known logistic coefficients', () => {
    const rng = createRng('logit');
    const n = 20000;
    const x = createMatrix(n, 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = rng.normal(), b = rng.normal() * 3 + 1;
      x.values[2 * i] = a; x.values[2 * i + 1] = b;
      y[i] = rng.next() < 1 / (1 + Math.exp(-(-0.5 + 1.2 * a - 0.4 * b))) ? 1 : 0;
    }
    const m = fitLogistic(x, y, { l2: 1e-6 });
    expect(m.intercept).toBeCloseTo(-0.5, 1);
    expect(m.weights[0]).toBeCloseTo(1.2, 1);
    expect(m.weights[1]).toBeCloseTo(-0.4, 1);
  });
  it('ridge with a tiny penalty solves least squares exactly', () => {
    const x = createMatrix(4, 1, Float64Array.from([0, 1, 2, 3]));
    const m = fitRidge(x, Float64Array.from([1, 3, 5, 7]), { l2: 1e-12 });
    expect(m.intercept).toBeCloseTo(1, 6);
    expect(m.weights[0]).toBeCloseTo(2, 6);
  });
});

describe('histogram gradient boosting', () => {
  it('learns an interaction a linear model cannot (XOR)', () => {
    const rng = createRng('xor');
    const n = 4000;
    const x = createMatrix(n, 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = rng.next() - 0.5, b = rng.next() - 0.5;
      x.values[2 * i] = a; x.values[2 * i + 1] = b;
      y[i] = (a > 0) !== (b > 0) ? 1 : 0;
    }
    const acc = (p: Float64Array): number => p.reduce((s, v, i) => s + ((v > 0.5 ? 1 : 0) === y[i] ? 1 : 0), 0) / n;
    const gbt = fitGbt(x, y, { loss: 'logloss', trees: 50, depth: 2, learningRate: 0.3 });
    expect(acc(gbt.predict(x))).toBeGreaterThan(0.95);
    expect(acc(fitLogistic(x, y).predict(x))).toBeLessThan(0.7);
  });
  it('squared loss reduces the error on a step function and honours subsample with an rng', () => {
    const n = 1000;
    const x = createMatrix(n, 1);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) { x.values[i] = i / n; y[i] = i < n / 2 ? 1 : 5; }
    const m = fitGbt(x, y, { loss: 'squared', trees: 30, depth: 1, learningRate: 0.5, subsample: 0.8 }, createRng('sub'));
    const p = m.predict(x);
    expect(p[0]).toBeCloseTo(1, 1);
    expect(p[n - 1]).toBeCloseTo(5, 1);
    expect(() => fitGbt(x, y, { loss: 'squared', subsample: 0.5 })).toThrow(RangeError);
  });
});

describe('meta-learners recover a known heterogeneous effect', () => {
  const train = syntheticUplift(createRng('train'), 12000, 2);
  const test = syntheticUplift(createRng('test'), 4000, 2);
  for (const method of upliftMethods.filter((m) => m !== 'class-transformation')) {
    it(`${method} over trees ranks customers by their true effect, per arm`, () => {
      const model = fitUplift(method, train.data, { base: { kind: 'gbt', trees: 80, depth: 3, learningRate: 0.1, minChildWeight: 10 }, outcome: 'binary' }, createRng(method));
      expect(model.arms).toBe(2);
      const pred = model.predictUplift(test.data.x);
      expect(pearsonOf(pred[0]!, test.trueUplift[0]!)).toBeGreaterThan(0.6);
      expect(pearsonOf(pred[1]!, test.trueUplift[1]!)).toBeGreaterThan(0.6);
    });
  }
  it('class transformation needs a single arm', () => {
    expect(() => fitUplift('class-transformation', train.data, { base: { kind: 'logistic' }, outcome: 'binary' }, createRng('ct'))).toThrow(RangeError);
  });
});

describe('cost-aware treatment choice', () => {
  it('picks the arm with the best net value, or none', () => {
    const arms = [{ code: 'cash-500', costPerRedemption: 500 }, { code: 'service-pack', costPerRedemption: 80, costPerSend: 1 }];
    const c = chooseTreatment({ arms, baseConversion: 0.05, conversionUplift: [0.03, 0.02], margin: 3000 });
    // cash: 0.03*3000 - 500*0.08 = 50; service: 0.02*3000 - 1 - 80*0.07 = 53.4
    expect(c.arm).toBe('service-pack');
    expect(c.values['cash-500']).toBeCloseTo(50, 6);
    const none = chooseTreatment({ arms, baseConversion: 0.05, conversionUplift: [0.001, 0.0], margin: 3000 });
    expect(none.arm).toBe('none');
    const withClv = chooseTreatment({ arms, baseConversion: 0.05, conversionUplift: [0.03, 0.02], margin: 3000, clvDelta: [-100, 0] });
    expect(withClv.values['cash-500']).toBeCloseTo(-50, 6);
  });
});
