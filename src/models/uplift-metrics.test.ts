import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { auuc, perfectQiniCurve, perfectUpliftCurve, qiniAuc, qiniCurve, upliftAtK, upliftCurve } from './uplift-metrics';

describe('uplift metrics (scikit-uplift conventions)', () => {
  // Four treated responders ranked first, control responders last.
  const y = [1, 1, 0, 0, 1, 0, 0, 1];
  const t = [1, 1, 1, 0, 0, 0, 1, 0];
  const score = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];

  it('computes the Qini curve by hand', () => {
    const c = qiniCurve(y, score, t);
    // k=1: yt=1; k=2: 2; k=3: 2; k=4: 2 - 0*3/1 = 2; k=5: 2 - 1*3/2 = 0.5; k=6: 2 - 1*3/3 = 1; k=7: 2 - 1*4/3; k=8: 2 - 2*4/4 = 0
    expect(Array.from(c.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const expected = [0, 1, 2, 2, 2, 0.5, 1, 2 - 4 / 3, 0];
    Array.from(c.y).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it('computes the uplift curve by hand', () => {
    const c = upliftCurve(y, score, t);
    // k=4: rt = 2/3, rc = 0 → 4 * 2/3
    expect(c.y[4]).toBeCloseTo((4 * 2) / 3, 12);
    // k=8: rt = 2/4, rc = 2/4 → 0
    expect(c.y[8]).toBeCloseTo(0, 12);
  });

  it('groups tied scores into one curve point', () => {
    const c = qiniCurve([1, 0, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0]);
    expect(Array.from(c.x)).toEqual([0, 2, 4]);
  });

  it('uplift@k overall and by_group', () => {
    // Top 50% overall = first 4 rows: treated 1,1,0 → 2/3; control 0 → 0
    expect(upliftAtK(y, score, t, 0.5, 'overall')).toBeCloseTo(2 / 3, 12);
    // by_group: top 2 treated (1,1) and top 2 control (0,1)
    expect(upliftAtK(y, score, t, 0.5, 'by_group')).toBeCloseTo(1 - 0.5, 12);
    expect(() => upliftAtK(y, score, t, 0)).toThrow(RangeError);
  });

  it('the ideal ranking scores 1 and a random one scores about 0', () => {
    const rng = createRng('metrics');
    const n = 4000;
    const yy: number[] = [], tt: number[] = [], rnd: number[] = [];
    for (let i = 0; i < n; i++) { tt.push(rng.next() < 0.5 ? 1 : 0); yy.push(rng.next() < 0.3 ? 1 : 0); rnd.push(rng.next()); }
    const ideal = yy.map((v, i) => (tt[i] === 1 ? v : -v));
    expect(qiniAuc(yy, ideal, tt)).toBeCloseTo(1, 10);
    expect(Math.abs(qiniAuc(yy, rnd, tt))).toBeLessThan(0.1);
    expect(Math.abs(auuc(yy, rnd, tt))).toBeLessThan(0.1);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => qiniAuc([1, 0], [0.1], [1, 0])).toThrow(RangeError);
  });

  // Expected values from scikit-uplift's own test suite (maks-sh/scikit-uplift, sklift/tests/test_metrics.py),
  // so that our normalisation is the one behind the published figures.
  const sklift = [
    { y: [1, 1], u: [0.1, 0.3], t: [0, 1], qini: 1, auuc: 1 },
    { y: [1, 1], u: [0.1, 0.3], t: [1, 0], qini: 0, auuc: -1 },
    { y: [0, 1], u: [0.1, 0.3], t: [1, 0], qini: 1, auuc: 0 },
    { y: [1, 0], u: [0.1, 0.3], t: [0, 1], qini: 1, auuc: 1 },
    { y: [0, 1, 2], u: [0.1, 0.3, 0.9], t: [0, 1, 0], qini: -0.5, auuc: -1.333333 },
    { y: [0, 1, 2], u: [0.1, 0.3, 0.9], t: [1, 0, 1], qini: 0.75, auuc: 1.333333 },
  ];
  it.each(sklift)('matches sklift qini_auc_score and uplift_auc_score for y=$y t=$t', (c) => {
    expect(qiniAuc(c.y, c.u, c.t)).toBeCloseTo(c.qini, 6);
    expect(auuc(c.y, c.u, c.t)).toBeCloseTo(c.auuc, 6);
  });

  it('matches sklift perfect curves (test_perfect_qini_curve, test_perfect_uplift_curve)', () => {
    const t = [0, 1, 1];
    const pq = perfectQiniCurve([0, 1, 0], t);
    expect([Array.from(pq.x), Array.from(pq.y)]).toEqual([[0, 1, 3], [0, 1, 1]]);
    const pqc = perfectQiniCurve([0, 1, 2], t);
    expect([Array.from(pqc.x), Array.from(pqc.y)]).toEqual([[0, 1, 2, 3], [0, 2, 3, 3]]);
    const pu = perfectUpliftCurve([0, 1, 0], t);
    expect(Array.from(pu.x)).toEqual([0, 1, 2, 3]);
    Array.from(pu.y).forEach((v, i) => expect(v).toBeCloseTo([0, 1, 2, 1.5][i]!, 12));
    const puc = perfectUpliftCurve([0, 1, 2], t);
    Array.from(puc.y).forEach((v, i) => expect(v).toBeCloseTo([0, 1, 2, 4.5][i]!, 12));
    const ones = perfectUpliftCurve([1, 1, 1], t);
    expect([Array.from(ones.x), Array.from(ones.y)]).toEqual([[0, 2, 3], [0, 2, 0]]);
    const zeros = perfectQiniCurve([0, 0, 0], t);
    expect([Array.from(zeros.x), Array.from(zeros.y)]).toEqual([[0, 3], [0, 0]]);
  });
});
