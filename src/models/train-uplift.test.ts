import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { emptyRegistry, registerModel } from './model-registry';
import { syntheticUplift } from './synthetic-uplift';
import { trainUplift, upliftDataFromRows } from './train-uplift';

describe('training from logged rows', () => {
  it('builds uplift data from exposure rows and rejects unknown arms', () => {
    const d = upliftDataFromRows([
      { features: { a: 1 }, arm: 'none', outcome: 0 },
      { features: { a: 2, b: 5 }, arm: 'cash-500', outcome: 1 },
    ], ['a', 'b'], ['cash-500']);
    expect(Array.from(d.treatment)).toEqual([0, 1]);
    expect(Array.from(d.x.values)).toEqual([1, 0, 2, 5]);
    expect(() => upliftDataFromRows([{ features: {}, arm: 'apr-1.9', outcome: 0 }], ['a'], ['cash-500'])).toThrow(RangeError);
  });

  it('trains, validates on a held-out half, reports progress and yields a registrable version', () => {
    const { data } = syntheticUplift(createRng('train-uplift'), 6000, 2);
    const events: string[] = [];
    const trained = trainUplift(data, {
      name: 'uplift-test', method: 't-learner', base: 'logistic', outcome: 'binary',
      trainingWindow: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, dataSource: 'synthetic', consent: ['profiling'],
    }, (e) => events.push(e.stage));
    expect(events).toContain('t-learner');
    expect(trained.validation).toHaveLength(2);
    expect(trained.validation[0]!.qiniAuc).toBeGreaterThan(0.1);
    const { model } = registerModel(emptyRegistry, trained.registration, new Date('2026-02-02T00:00:00Z'));
    expect(model.id).toBe('uplift-test@1');
    expect(model.metrics['arm1.qiniAuc']).toBe(trained.validation[0]!.qiniAuc);
    expect(trained.model.predictUplift(data.x)).toHaveLength(2);
  });
});
