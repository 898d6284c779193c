import { z } from 'zod';

/**
 * A need score turns rolling telemetry features (numbers per vehicle, e.g.
 * highwayShare) into 0..1: how much this owner would use what an offer sells.
 * Each scorer is one file; the registry is index.ts (STYLE.md §1).
 */
export const TelemetryFeatures = z.record(z.string(), z.number().finite());
export type TelemetryFeatures = z.infer<typeof TelemetryFeatures>;

export interface NeedFeature {
  readonly name: string;
  readonly description: string;
  /** Direction in which the score moves when this input grows. */
  readonly effect: 'raises' | 'lowers' | 'gate';
  readonly unit: string;
}

export interface NeedScoreResult {
  readonly code: string;
  /** 0..1 */
  readonly score: number;
  readonly reasons: readonly string[];
  readonly missing: readonly string[];
}

export interface NeedScoreDefinition<P extends z.ZodType = z.ZodType> {
  readonly code: string;
  readonly description: string;
  readonly features: readonly NeedFeature[];
  readonly params: P;
  evaluate(features: TelemetryFeatures, params?: z.input<P>): NeedScoreResult;
}

export interface NeedScoreSpec<P extends z.ZodType> {
  readonly code: string;
  readonly description: string;
  readonly features: readonly NeedFeature[];
  readonly params: P;
  /** Gets features with missing ones already set to 0 and listed. */
  readonly evaluate: (f: (name: string) => number, params: z.output<P>) => { score: number; reasons: string[] };
}

export const clamp01 = (v: number): number => (Number.isNaN(v) ? 0 : Math.min(1, Math.max(0, v)));
/** 1 - exp(-v / scale): 0 at 0, rising towards 1, monotone. */
export const saturate = (v: number, scale: number): number => 1 - Math.exp(-Math.max(0, v) / scale);

export function defineNeedScore<P extends z.ZodType>(spec: NeedScoreSpec<P>): NeedScoreDefinition<P> {
  return {
    code: spec.code, description: spec.description, features: spec.features, params: spec.params,
    evaluate(raw, params) {
      const features = TelemetryFeatures.parse(raw);
      const p = spec.params.parse(params ?? {});
      const missing: string[] = [];
      const f = (name: string): number => {
        const v = features[name];
        if (v === undefined) { if (!missing.includes(name)) missing.push(name); return 0; }
        return v;
      };
      const { score, reasons } = spec.evaluate(f, p);
      if (missing.length > 0) reasons.push(`missing inputs treated as 0: ${missing.join(', ')}`);
      return { code: spec.code, score: clamp01(score), reasons, missing };
    },
  };
}
