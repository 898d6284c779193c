import type { Rng } from '../kernel';
import type { Channel, Competency, MarketCode, OfferKind, Powertrain } from '../domain';
import type { FeatureCode } from './features';
import type { Product } from './economics';

/**
 * What a strategy may see: observable data only (network, consents, purchases, offers and
 * telemetry-derived usage features). No hidden trait ever appears in these types.
 */
export interface ObservedOwner {
  ownerId: string;
  vin: string;
  market: MarketCode;
  modelId: string;
  powertrain: Powertrain;
  adasLevel: number;
  vehicleAgeYears: number;
  homeDealerId: string | null;
  /** Current consent state by consentKey(purpose, channel). */
  consents: Readonly<Record<string, boolean>>;
  /** Channels the owner can be reached on at all (has an e-mail, a phone, the app). */
  reachable: readonly Channel[];
  ownedFeatures: readonly FeatureCode[];
  monthsSinceService: number | null;
  purchases: readonly { month: number; product: Product; discountPct: number; viaOffer: boolean }[];
  offers: readonly { month: number; product: Product; discountPct: number; channel: Channel; redeemed: boolean }[];
  /** False once the owner has sold the vehicle to another brand. */
  active: boolean;
}

/** Rolling monthly features from telemetry (F1); only for owners with telematics-marketing consent. */
export interface UsageFeatures {
  kmLastMonth: number;
  highwayShare: number;
  nightDrivingShare: number;
  towingTrips: number;
  fastChargeSessions: number;
  cruiseMinutes: number;
  padWearPct: number;
  minTyreKpa: number;
  dtcCount: number;
  sohPct: number | null;
}

export interface DealerView {
  id: string;
  market: MarketCode;
  lat: number;
  lon: number;
  competencies: readonly Competency[];
  /** Visits per month the dealer can take (from bays and technicians). */
  capacityPerMonth: number;
  bookedLastMonth: number;
}

export interface OutgoingMessage {
  ownerId: string;
  market: MarketCode;
  channel: Channel;
  kind: OfferKind;
  product: Product;
  discountPct: number;
}
export type ComplianceCheck = (m: OutgoingMessage) => { allowed: boolean; reason?: string };

export interface StrategyContext {
  month: number;
  now: Date;
  rng: Rng;
  owners: readonly ObservedOwner[];
  dealers: readonly DealerView[];
  /** Usage features of an owner's vehicle; null without consent. Each read spends privacy budget. */
  usage(ownerId: string): UsageFeatures | null;
  /** Features an OTA release has made available for this model in this market. */
  availableFeatures(modelId: string, market: MarketCode, adasLevel: number): readonly FeatureCode[];
  complianceCheck: ComplianceCheck;
}

export interface OfferDecision {
  ownerId: string;
  product: Product;
  discountPct: number;
  channel: Channel;
  /** Dealer that fulfils it (for products needing a bay). */
  dealerId: string | null;
  /** Feature offers: a free trial first. */
  trial: boolean;
}

export interface Strategy {
  name: string;
  description: string;
  decide(ctx: StrategyContext): OfferDecision[];
}

/** Privacy budget (ε) charged per owner-month of telemetry-derived features read for marketing. */
export const epsilonPerUsageRead = 0.01;
