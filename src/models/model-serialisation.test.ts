import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { fitGbt } from './gradient-boosting';
import { fitLogistic } from './logistic-regression';
import { predictorFromSpec, serialisePredictor, SerialisedUplift, upliftFromSpec } from './model-serialisation';
import { syntheticUplift } from './synthetic-uplift';
import { fitUplift, upliftMethods } from './uplift-learners';

const gbt = { kind: 'gbt' as const, trees: 15, depth: 3, learningRate: 0.1, l2: 1, minChildWeight: 5, maxBins: 32 };
const logistic = { kind: 'logistic' as const, l2: 1e-3 };

describe('model serialisation', () => {
  const { data } = syntheticUplift(createRng('serialise'), 1500, 1);
  const multi = syntheticUplift(createRng('serialise-multi'), 1500, 2).data;

  it('reloads boosted trees and logistic coefficients to identical predictions', () => {
    const y = Float64Array.from(data.y);
    for (const model of [fitGbt(data.x, y, { loss: 'logloss', trees: 10, depth: 3 }), fitLogistic(data.x, y)]) {
      const spec = JSON.parse(JSON.stringify(serialisePredictor(model)));
      expect(Array.from(predictorFromSpec(spec).predict(data.x))).toEqual(Array.from(model.predict(data.x)));
    }
  });

  for (const method of upliftMethods) {
    for (const base of [gbt, logistic]) {
      const arms = method === 'class-transformation' ? data : multi;
      it(`stores and reloads a ${method} over ${base.kind} with the same uplift predictions`, () => {
        const model = fitUplift(method, arms, { base, outcome: 'binary' }, createRng(`s-${method}-${base.kind}`));
        const stored = JSON.parse(JSON.stringify(model.serialise(arms.featureNames)));
        expect(SerialisedUplift.safeParse(stored).success).toBe(true);
        const reloaded = upliftFromSpec(stored);
        expect(reloaded.arms).toBe(model.arms);
        expect(reloaded.featureNames).toEqual([...arms.featureNames]);
        expect(reloaded.predictUplift(arms.x).map((a) => Array.from(a))).toEqual(model.predictUplift(arms.x).map((a) => Array.from(a)));
      });
    }
  }

  it('rejects a malformed artefact at the boundary', () => {
    expect(() => upliftFromSpec({ format: 'forecourt-uplift/1', method: 't-learner', arms: 1, featureNames: [], predictors: [{ kind: 'linear' }], armTerms: [] })).toThrow();
  });
});
