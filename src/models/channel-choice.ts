import type { Rng } from '../kernel';
import { channelBanditContext } from './builtin-models';
import { banditProbabilities, createBandit, updateBandit, type BanditState } from './contextual-bandit';
import type { ModelVersion } from './model-registry';

/**
 * Channel choice for one customer with the contextual bandit of a registered version: the
 * bandit's probabilities over all its arms, restricted to the channels open to this customer
 * and renormalised, then one draw. The logged propensity is the probability of the drawn
 * channel under that restricted policy, so off-policy evaluation can reweight it exactly.
 */
export interface BanditObservation {
  channel: string;
  context: readonly number[];
  reward: number;
}

export interface ChannelChoice {
  channel: string;
  propensity: number;
  probabilities: Record<string, number>;
  reasons: string[];
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** The bandit of a `channel-bandit` version, its posterior updated with the outcomes of its own logged decisions. */
export function banditFromModel(model: Pick<ModelVersion, 'hyperParameters'>, history: readonly BanditObservation[]): BanditState {
  const h = model.hyperParameters;
  const arms = String(h.arms ?? '').split(',').filter((a) => a.length > 0);
  let state = createBandit({
    arms, dimension: channelBanditContext.length, lambda: num(h.lambda, 1), explorationScale: num(h.explorationScale, 0.5),
    epsilon: num(h.epsilon, 0.1), propensitySamples: Math.round(num(h.propensitySamples, 400)),
  });
  for (const o of history) {
    if (arms.includes(o.channel) && o.context.length === channelBanditContext.length) state = updateBandit(state, o.context, o.channel, o.reward);
  }
  return state;
}

/** The bandit context of a decision: bias, need (0..1), value / (value + 10). */
export function channelContext(need: number, value: number): number[] {
  return [1, Math.min(1, Math.max(0, need)), value > 0 ? value / (value + 10) : 0];
}

export function chooseChannel(state: BanditState, context: readonly number[], open: readonly string[], rng: Rng): ChannelChoice {
  const arms = state.config.arms;
  const allowed = arms.filter((a) => open.includes(a));
  if (allowed.length === 0) throw new RangeError(`none of the open channels (${open.join(', ')}) is an arm of the bandit`);
  const p = banditProbabilities(state, context, rng.fork('propensity'));
  const total = arms.reduce((s, a, i) => s + (allowed.includes(a) ? p[i]! : 0), 0);
  const probabilities: Record<string, number> = {};
  for (const [i, a] of arms.entries()) if (allowed.includes(a)) probabilities[a] = p[i]! / total;
  let u = rng.next();
  let channel = allowed[allowed.length - 1]!;
  for (const a of allowed) { u -= probabilities[a]!; if (u < 0) { channel = a; break; } }
  const pulls = state.pulls.reduce((s, n) => s + n, 0);
  return {
    channel, propensity: probabilities[channel]!, probabilities,
    reasons: [
      `channel by Thompson sampling over ${allowed.length} open channel(s) (${allowed.join(', ')}), posterior from ${pulls} logged outcome(s)`,
      `chose ${channel} with probability ${probabilities[channel]!.toFixed(3)}`,
    ],
  };
}
