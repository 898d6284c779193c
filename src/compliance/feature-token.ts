import { z } from 'zod';

/** Certified-feature tokens, grammar of RULES.md §2.3. */
export const capabilities = ['L2_HANDS_OFF', 'L3_EYES_OFF', 'L4_DRIVERLESS'] as const;
export const roadClasses = ['motorway', 'mapped_motorway', 'any'] as const;
export const odpConditions = ['daylight', 'dry', 'clear_weather'] as const;

export type Capability = (typeof capabilities)[number];
export type RoadClass = (typeof roadClasses)[number];
export type OddCondition = (typeof odpConditions)[number];

export interface FeatureToken {
  readonly raw: string;
  readonly capability: Capability;
  readonly roadClass: RoadClass;
  /** Maximum approved speed in km/h, with the unit it was stated in. */
  readonly maxSpeed: { readonly value: number; readonly unit: 'kmh' | 'mph'; readonly kmh: number } | null;
  readonly conditions: readonly OddCondition[];
}

export type TokenParse = { ok: true; token: FeatureToken } | { ok: false; reason: string };

const speedPart = /^(\d+(?:\.\d+)?)(kmh|mph)$/;

export function parseFeatureToken(raw: string): TokenParse {
  const parts = raw.split(':');
  const [cap, road, ...rest] = parts;
  if (!capabilities.includes(cap as Capability)) return { ok: false, reason: `unknown capability '${cap ?? ''}'` };
  if (!roadClasses.includes(road as RoadClass)) return { ok: false, reason: `unknown road class '${road ?? ''}'` };
  let maxSpeed: FeatureToken['maxSpeed'] = null;
  const conditions: OddCondition[] = [];
  rest.forEach((part, k) => {
    const sm = speedPart.exec(part);
    if (sm && k === 0) {
      const value = Number(sm[1]);
      const unit = sm[2] as 'kmh' | 'mph';
      maxSpeed = { value, unit, kmh: unit === 'mph' ? value * 1.609344 : value };
    } else if (odpConditions.includes(part as OddCondition) && !conditions.includes(part as OddCondition)) {
      conditions.push(part as OddCondition);
    } else {
      conditions.push('__invalid__' as OddCondition);
    }
  });
  if (conditions.includes('__invalid__' as OddCondition)) return { ok: false, reason: `invalid speed or condition in '${raw}'` };
  return { ok: true, token: { raw, capability: cap as Capability, roadClass: road as RoadClass, maxSpeed, conditions } };
}

export const FeatureTokenString = z.string().superRefine((v, ctx) => {
  const r = parseFeatureToken(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: `certified feature token: ${r.reason}` });
});

export function parseFeatureTokens(raws: readonly string[]): FeatureToken[] {
  const out: FeatureToken[] = [];
  for (const raw of raws) {
    const r = parseFeatureToken(raw);
    if (r.ok) out.push(r.token);
  }
  return out;
}
