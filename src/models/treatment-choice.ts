import { z } from 'zod';

/**
 * Cost-aware choice among multiple treatments for one customer: each arm's
 * expected incremental margin (from the conversion uplift, or a margin uplift
 * model), minus what the offer costs (per send, and per redemption on every
 * converter, including those who would have bought anyway), plus its lifetime-value effect.
 */
export const TreatmentArm = z.strictObject({
  code: z.string().min(1),
  costPerSend: z.number().min(0).default(0),
  costPerRedemption: z.number().min(0).default(0),
});
export type TreatmentArm = z.input<typeof TreatmentArm>;

export const TreatmentInput = z.strictObject({
  arms: z.array(TreatmentArm).min(1),
  /** P(conversion) without any offer. */
  baseConversion: z.number().min(0).max(1),
  /** Per arm: uplift in P(conversion). */
  conversionUplift: z.array(z.number()),
  /** Margin of a conversion before offer cost. */
  margin: z.number().min(0),
  /** Per arm: CLV effect (e.g. clvEffect().delta), times P(accept) if the caller prefers. */
  clvDelta: z.array(z.number()).optional(),
});
export type TreatmentInput = z.input<typeof TreatmentInput>;

export interface TreatmentChoice {
  /** Arm code, or 'none' when no arm adds value. */
  readonly arm: string;
  readonly netValue: number;
  readonly values: Readonly<Record<string, number>>;
  readonly reasons: readonly string[];
}

export function chooseTreatment(input: TreatmentInput): TreatmentChoice {
  const p = TreatmentInput.parse(input);
  if (p.conversionUplift.length !== p.arms.length) throw new RangeError('one uplift per arm is needed');
  const values: Record<string, number> = {};
  const reasons: string[] = [];
  let best = 'none', bestValue = 0;
  p.arms.forEach((arm, k) => {
    const up = p.conversionUplift[k]!;
    const pConv = Math.min(1, Math.max(0, p.baseConversion + up));
    const v = up * p.margin - arm.costPerSend - arm.costPerRedemption * pConv + (p.clvDelta?.[k] ?? 0);
    values[arm.code] = v;
    reasons.push(`${arm.code}: uplift ${up.toFixed(4)} × margin ${p.margin} − send ${arm.costPerSend} − redemption ${arm.costPerRedemption} × ${pConv.toFixed(3)}${p.clvDelta ? ` + CLV ${(p.clvDelta[k] ?? 0).toFixed(2)}` : ''} = ${v.toFixed(2)}`);
    if (v > bestValue) { bestValue = v; best = arm.code; }
  });
  reasons.push(best === 'none' ? 'no arm has positive net value: send nothing' : `best arm ${best}`);
  return { arm: best, netValue: bestValue, values, reasons };
}
