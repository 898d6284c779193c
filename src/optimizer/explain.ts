import { customerId, type Instance } from './instance';

export interface ConstraintReport {
  id: string;
  kind: string;
  label: string;
  capacity: number;
  used: number;
  utilisation: number;
  /** Value of one more unit of capacity (the dual price λ). */
  shadowPrice: number;
  binding: boolean;
  reason: string;
}

export interface PriceImpact {
  constraint: string;
  label: string;
  shadowPrice: number;
  /** λ · amount: how much this constraint's price reduced the candidate's value. */
  charge: number;
}

export interface CandidateView {
  offer: string;
  channel: string;
  dealer: string;
  value: number;
  reducedValue: number;
}

export interface DecisionExplanation {
  customer: string;
  chosen: CandidateView | null;
  /** The candidate with the highest raw value, before prices. */
  bestByValue: CandidateView | null;
  /** Priced constraints on the best-by-value candidate that its rival does not pay as much for. */
  binding: PriceImpact[];
  reasons: string[];
}

const bindingShare = 0.995;

/** For the plan: which constraints bind, their utilisation and what one more unit is worth. */
export function explainPlan(instance: Instance, usage: Float64Array, lambda: Float64Array): ConstraintReport[] {
  return instance.constraints.map((c, k) => {
    const capacity = instance.capacity[k]!;
    const used = usage[k]!;
    const utilisation = capacity > 0 ? used / capacity : used > 0 ? Infinity : 0;
    const shadowPrice = lambda[k]!;
    const binding = shadowPrice > 1e-9 || utilisation >= bindingShare;
    const reason = capacity === 0 ? `${c.label} is closed (capacity 0): every option using it is excluded`
      : binding ? `${c.label} binds at ${(utilisation * 100).toFixed(1)}%; one more unit is worth ${shadowPrice.toFixed(4)}`
        : `${c.label} has slack (${(utilisation * 100).toFixed(1)}% used); more of it is worth nothing now`;
    return { id: c.id, kind: c.kind, label: c.label, capacity, used, utilisation, shadowPrice, binding, reason };
  });
}

function view(instance: Instance, penalty: Float64Array, j: number): CandidateView {
  const option = instance.options[instance.candidateOption[j]!]!;
  const value = instance.candidateValue[j]!;
  return { offer: option.offer, channel: option.channel, dealer: option.dealer, value, reducedValue: value - penalty[instance.candidateOption[j]!]! };
}

function charges(instance: Instance, lambda: Float64Array, j: number): Map<number, number> {
  const p = instance.candidateOption[j]!;
  const out = new Map<number, number>();
  for (let u = instance.optionStart[p]!; u < instance.optionStart[p + 1]!; u++) {
    const k = instance.useConstraint[u]!;
    const charge = instance.capacity[k]! <= 0 ? Infinity : lambda[k]! * instance.useAmount[u]!;
    out.set(k, (out.get(k) ?? 0) + charge);
  }
  return out;
}

const describe = (c: CandidateView): string => `${c.offer} via ${c.channel} at dealer ${c.dealer}`;

/**
 * Why a customer got what it got: the best candidate by raw value against the
 * chosen one, and which constraint prices made the difference.
 */
export function explainDecision(
  instance: Instance, choice: Int32Array, penalty: Float64Array, lambda: Float64Array, customer: number,
): DecisionExplanation {
  const id = customerId(instance, customer);
  const chosenIndex = choice[customer]!;
  const chosen = chosenIndex >= 0 ? view(instance, penalty, chosenIndex) : null;
  if (instance.holdout[customer] === 1) {
    return { customer: id, chosen: null, bestByValue: null, binding: [], reasons: ['held out for measurement: gets no offer'] };
  }
  let best = -1;
  for (let j = instance.candidateStart[customer]!; j < instance.candidateStart[customer + 1]!; j++) {
    if (best < 0 || instance.candidateValue[j]! > instance.candidateValue[best]!) best = j;
  }
  if (best < 0) return { customer: id, chosen, bestByValue: null, binding: [], reasons: ['no candidate offers'] };
  const bestView = view(instance, penalty, best);
  if (bestView.value <= 0) {
    return { customer: id, chosen, bestByValue: bestView, binding: [], reasons: ['no candidate has positive value'] };
  }
  const rival = charges(instance, lambda, best);
  const mine = chosenIndex >= 0 ? charges(instance, lambda, chosenIndex) : new Map<number, number>();
  const binding: PriceImpact[] = [];
  for (const [k, charge] of rival) {
    const extra = charge - (mine.get(k) ?? 0);
    if (charge > 0 && (chosenIndex === best || extra > 1e-9)) {
      binding.push({ constraint: instance.constraints[k]!.id, label: instance.constraints[k]!.label, shadowPrice: lambda[k]!, charge });
    }
  }
  binding.sort((a, b) => b.charge - a.charge);
  const priced = binding.map((b) => `${b.label} (λ=${b.shadowPrice.toPrecision(4)}, charge ${b.charge.toFixed(2)})`).join('; ');
  const reasons: string[] = [];
  if (chosenIndex === best) {
    reasons.push(`got its most valuable candidate, ${describe(bestView)} (value ${bestView.value.toFixed(2)})`);
    if (binding.length > 0) reasons.push(`it pays for scarce capacity: ${priced}`);
  } else if (chosen !== null) {
    reasons.push(`got ${describe(chosen)} (value ${chosen.value.toFixed(2)}) instead of ${describe(bestView)} (value ${bestView.value.toFixed(2)})`);
    reasons.push(binding.length > 0 ? `because ${priced}` : 'because the best candidate did not fit the capacity left after repair');
  } else {
    reasons.push(`got nothing although ${describe(bestView)} is worth ${bestView.value.toFixed(2)}`);
    reasons.push(binding.length > 0 ? `because ${priced}` : 'because no candidate fitted the capacity left after repair');
  }
  return { customer: id, chosen, bestByValue: bestView, binding, reasons };
}
