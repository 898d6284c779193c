import { z } from 'zod';
import { ForecourtError } from '../kernel';
import { MarketCode, NodeId, Powertrain } from '../domain';

const share = z.number().min(0).max(1);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/);

export const ScenarioCity = z.strictObject({
  name: z.string().min(1).max(100),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  /** Relative population weight: where dealers and owners are placed. */
  weight: z.number().positive(),
  /** Postal-code prefixes of the area; dealers' territories are cut from these. */
  postalPrefixes: z.array(z.string().min(1).max(12)).min(1),
});
export type ScenarioCity = z.infer<typeof ScenarioCity>;

export const ScenarioMarket = z.strictObject({
  code: MarketCode,
  name: z.string().min(1).max(100),
  currency: z.enum(['USD', 'GBP', 'EUR']),
  languages: z.array(z.enum(['en', 'de', 'fr'])).min(1),
  parent: MarketCode.nullable(),
  dealers: z.int().min(0).max(20_000),
  distributors: z.int().min(0).max(200),
  /** Relative share of the fleet registered in this market. */
  vehicleShare: z.number().min(0),
  phoneCountryCode: z.string().regex(/^\+[1-9]\d{0,2}$/),
  cities: z.array(ScenarioCity),
});
export type ScenarioMarket = z.infer<typeof ScenarioMarket>;

export const ScenarioModel = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,30}$/),
  name: z.string().min(1).max(100),
  powertrain: Powertrain,
  share: z.number().positive(),
  /** World manufacturer identifier used in the VINs of this model. */
  wmi: z.string().regex(/^[A-HJ-NPR-Z0-9]{3}$/),
  /** Two characters of the VIN descriptor section that identify the model. */
  vinCode: z.string().regex(/^[A-HJ-NPR-Z0-9]{2}$/),
  firstModelYear: z.int().min(1990).max(2100),
  softwareMajor: z.int().min(0).max(99),
  trims: z.array(z.strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,20}$/),
    name: z.string().min(1).max(100),
    msrp: z.number().positive(),
  })).min(1),
  hardware: z.array(z.strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,20}$/),
    name: z.string().min(1).max(100),
    adasLevel: z.int().min(0).max(5),
    share: z.number().positive(),
  })).min(1),
});
export type ScenarioModel = z.infer<typeof ScenarioModel>;

export const Scenario = z.strictObject({
  id: slug,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  /** Simulated "now" at generation; registrations and consents lie before it. */
  startsAt: z.iso.datetime(),
  oem: z.strictObject({ id: NodeId, name: z.string().min(1).max(200), brand: z.string().min(1).max(60) }),
  mobilityProvider: z.strictObject({ id: NodeId, name: z.string().min(1).max(200), market: MarketCode }).nullable(),
  markets: z.array(ScenarioMarket).min(1),
  models: z.array(ScenarioModel).min(1),
  /** Default fleet size when the caller does not choose one. */
  vehicles: z.int().min(1).max(10_000_000),
  /** Share of vehicles owned by the mobility provider (no private owner). */
  fleetShare: share.default(0.03),
  consent: z.strictObject({
    telematicsMarketing: share,
    profiling: share,
    marketingContact: share,
    /** Yearly probability that a granted consent is withdrawn. */
    withdrawalPerYear: share,
  }),
  dealerQuality: z.strictObject({
    /** Share of dealers without ADAS-calibration or high-voltage certified technicians. */
    uncertifiedShare: share,
    /** Share of dealers with too few bays for their territory. */
    overbookedShare: share,
  }),
  telemetry: z.strictObject({
    /** Design load: points per vehicle per driving minute. */
    pointsPerMinute: z.int().min(1).max(10_000).default(800),
  }).default({ pointsPerMinute: 800 }),
}).superRefine((s, ctx) => {
  const codes = new Set(s.markets.map((m) => m.code));
  if (codes.size !== s.markets.length) ctx.addIssue({ code: 'custom', message: 'market codes must be unique', path: ['markets'] });
  s.markets.forEach((m, i) => {
    if (m.parent !== null && !codes.has(m.parent)) ctx.addIssue({ code: 'custom', message: `parent ${m.parent} is not a market of the scenario`, path: ['markets', i, 'parent'] });
    if (m.dealers > 0 && m.cities.length === 0) ctx.addIssue({ code: 'custom', message: 'a market with dealers needs cities', path: ['markets', i, 'cities'] });
    if (m.dealers > 0 && m.distributors === 0) ctx.addIssue({ code: 'custom', message: 'a market with dealers needs at least one distributor', path: ['markets', i, 'distributors'] });
    if (m.vehicleShare > 0 && m.dealers === 0) ctx.addIssue({ code: 'custom', message: 'a market with vehicles needs dealers', path: ['markets', i, 'dealers'] });
  });
  if (!s.markets.some((m) => m.vehicleShare > 0)) ctx.addIssue({ code: 'custom', message: 'at least one market needs a vehicle share', path: ['markets'] });
  if (s.mobilityProvider && !codes.has(s.mobilityProvider.market)) ctx.addIssue({ code: 'custom', message: 'mobility provider market is not in the scenario', path: ['mobilityProvider', 'market'] });
  const modelIds = new Set(s.models.map((m) => m.id));
  if (modelIds.size !== s.models.length) ctx.addIssue({ code: 'custom', message: 'model ids must be unique', path: ['models'] });
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/** Parses an untrusted scenario (a file's JSON) and throws CONFIG_INVALID with the issues. */
export function parseScenario(input: unknown): Scenario {
  const r = Scenario.safeParse(input);
  if (!r.success) throw new ForecourtError('CONFIG_INVALID', 'The scenario does not match its schema', r.error.issues);
  return r.data;
}
