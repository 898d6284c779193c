import { describe, expect, it } from 'vitest';
import { DecisionLogRecord, emptyRegistry, liveModel, modelMayUse, promoteModel, registerModel, type ModelVersionInput } from './model-registry';

const input: ModelVersionInput = {
  name: 'uplift-service', kind: 'uplift', method: 'dr-learner',
  trainingWindow: { from: '2026-01-01T00:00:00Z', to: '2026-06-30T00:00:00Z' }, trainingRows: 42000, dataSource: 'exposures 2026H1',
  features: ['highwayShare', 'brakeWear'], hyperParameters: { trees: 100, depth: 3 }, metrics: { qiniAuc: 0.05 },
  consent: ['telematics_marketing', 'profiling'],
};
const now = new Date('2026-07-01T00:00:00Z');

describe('model registry', () => {
  it('versions each model name, promotes one live version and retires the previous', () => {
    const a = registerModel(emptyRegistry, input, now);
    const b = registerModel(a.registry, { ...input, metrics: { qiniAuc: 0.06 } }, now);
    expect([a.model.id, b.model.id]).toEqual(['uplift-service@1', 'uplift-service@2']);
    let r = promoteModel(b.registry, 'uplift-service@1');
    expect(liveModel(r, 'uplift-service')?.version).toBe(1);
    r = promoteModel(r, 'uplift-service@2');
    expect(liveModel(r, 'uplift-service')?.version).toBe(2);
    expect(r.versions.find((v) => v.version === 1)?.status).toBe('retired');
  });
  it('rejects a training window that ends before it starts', () => {
    expect(() => registerModel(emptyRegistry, { ...input, trainingWindow: { from: '2026-07-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, now)).toThrow();
  });
  it('checks the consent a model needs', () => {
    const { model } = registerModel(emptyRegistry, input, now);
    expect(modelMayUse(model, ['profiling'])).toEqual({ allowed: false, missing: ['telematics_marketing'] });
    expect(modelMayUse(model, ['profiling', 'telematics_marketing']).allowed).toBe(true);
  });
  it('decision log records name the model versions that decided', () => {
    const rec = { decisionId: 'd1', at: now.toISOString(), ownerId: 'own-1', modelVersions: ['uplift-service@2', 'creative-bandit@7'], action: 'push', propensity: 0.4, holdout: false, scores: { uplift: 0.03 }, reasons: ['best net value'] };
    expect(DecisionLogRecord.parse(rec)).toEqual(rec);
    expect(() => DecisionLogRecord.parse({ ...rec, modelVersions: ['uplift-service'] })).toThrow();
    expect(() => DecisionLogRecord.parse({ ...rec, propensity: 0 })).toThrow();
  });
});
