import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../kernel';
import { banditTargetPolicy, chooseArm, createBandit, updateBandit } from './contextual-bandit';
import { drEstimate, fitRewardModel, ipsEstimate, snipsEstimate, type LoggedDecision, type TargetPolicy } from './off-policy-evaluation';
import { approvePolicy } from './policy-gate';

const actions = ['email', 'push', 'hmi'] as const;
const sig = (z: number): number => 1 / (1 + Math.exp(-z));
/** True click probability per context and action (hidden from the estimators). */
const truth = (c: readonly number[], a: string): number =>
  a === 'email' ? sig(-1.5 + 0.8 * c[1]!) : a === 'push' ? sig(-1.2 + 0.9 * c[2]!) : sig(-1.0 - 0.5 * c[1]! + 0.4 * c[2]!);
const context = (rng: Rng): number[] => [1, rng.normal(), rng.normal()];

/** Logged by a fixed, non-uniform stochastic policy with known propensities. */
function logData(rng: Rng, n: number): LoggedDecision[] {
  const rows: LoggedDecision[] = [];
  for (let i = 0; i < n; i++) {
    const c = context(rng);
    const probs = [0.6, 0.25, 0.15];
    const u = rng.next();
    const k = u < probs[0]! ? 0 : u < probs[0]! + probs[1]! ? 1 : 2;
    const a = actions[k]!;
    rows.push({ context: c, action: a, reward: rng.next() < truth(c, a) ? 1 : 0, propensity: probs[k]! });
  }
  return rows;
}

const smartPolicy: TargetPolicy = (c) => {
  let best: string = actions[0];
  for (const a of actions) if (truth(c, a) > truth(c, best)) best = a;
  return { [best]: 1 };
};
const trueValue = (policy: TargetPolicy, rng: Rng, n: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) { const c = context(rng); for (const [a, p] of Object.entries(policy(c))) s += p * truth(c, a); }
  return s / n;
};

describe('off-policy evaluation on synthetic logs with a known answer', () => {
  const logged = logData(createRng('logs'), 20000);
  const target = trueValue(smartPolicy, createRng('truth'), 200000);
  const loggingValue = logged.reduce((s, d) => s + d.reward, 0) / logged.length;

  it('DR is within 10% of the true value of the new policy; IPS and SNIPS are close too', () => {
    const dr = drEstimate(logged, smartPolicy, fitRewardModel(logged));
    expect(Math.abs(dr.value - target) / target).toBeLessThan(0.1);
    expect(dr.interval[0]).toBeLessThan(target);
    expect(dr.interval[1]).toBeGreaterThan(target);
    expect(Math.abs(ipsEstimate(logged, smartPolicy).value - target) / target).toBeLessThan(0.15);
    expect(Math.abs(snipsEstimate(logged, smartPolicy).value - target) / target).toBeLessThan(0.15);
  });

  it('the gate approves a better policy and gives reasons and an interval', () => {
    const d = approvePolicy(logged, smartPolicy, { baselineValue: loggingValue, minLift: 0.05 });
    expect(target).toBeGreaterThan(loggingValue * 1.05);
    expect(d.approved).toBe(true);
    expect(d.interval[0]).toBeGreaterThan(loggingValue);
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  it('the gate rejects a worse policy, and a policy the logs do not support', () => {
    const worst: TargetPolicy = (c) => {
      let w: string = actions[0];
      for (const a of actions) if (truth(c, a) < truth(c, w)) w = a;
      return { [w]: 1 };
    };
    expect(approvePolicy(logged, worst, { baselineValue: loggingValue }).approved).toBe(false);
    const unseen = approvePolicy(logged, () => ({ sms: 1 }), { baselineValue: loggingValue });
    expect(unseen.approved).toBe(false);
    expect(unseen.reasons.join(' ')).toMatch(/never logged/);
  });
});

describe('contextual bandit (linear Thompson sampling)', () => {
  it('logs a propensity that is the probability used, with an ε floor', () => {
    const b = createBandit({ arms: [...actions], dimension: 3, epsilon: 0.09 });
    const choice = chooseArm(b, [1, 0.2, -0.1], createRng('choice'));
    const probs = Object.values(choice.probabilities);
    expect(probs.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 12);
    for (const p of probs) expect(p).toBeGreaterThanOrEqual(0.03 - 1e-12);
    expect(choice.propensity).toBe(choice.probabilities[choice.arm]);
  });

  it('is deterministic for a seed and learns the better arm per context', () => {
    const rng = createRng('bandit');
    let b = createBandit({ arms: [...actions], dimension: 3, epsilon: 0.05, propensitySamples: 50 });
    for (let i = 0; i < 1500; i++) {
      const c = context(rng);
      const ch = chooseArm(b, c, rng);
      b = updateBandit(b, c, ch.arm, rng.next() < truth(c, ch.arm) ? 1 : 0);
    }
    // In a context where push is clearly best, most probability should go to push.
    const c = [1, 1, 2];
    const probs = chooseArm(b, c, createRng('probe')).probabilities;
    expect(probs['push']).toBeGreaterThan(0.6);
    const again = chooseArm(b, c, createRng('probe')).probabilities;
    expect(again).toEqual(probs);
    expect(() => updateBandit(b, c, 'fax', 1)).toThrow(RangeError);

    // Before it goes live, the learned policy must pass the gate on logs from the old policy.
    const logged = logData(createRng('gate-logs'), 4000);
    const baseline = logged.reduce((s, d) => s + d.reward, 0) / logged.length;
    const policy = banditTargetPolicy(b, 'gate');
    expect(policy([1, 1, 2])).toEqual(policy([1, 1, 2]));
    const decision = approvePolicy(logged, policy, { baselineValue: baseline, minLift: 0.05 });
    expect(decision.approved).toBe(true);
    const truthOfPolicy = trueValue(policy, createRng('truth-bandit'), 3000);
    expect(Math.abs(decision.estimate.value - truthOfPolicy) / truthOfPolicy).toBeLessThan(0.1);
  });
});
