import type { Channel, OfferKind } from '../domain';
import { featureCodes, type FeatureCode } from './features';

/** What an offer sells: a dealer service, a software feature, or the next vehicle. */
export type Product = 'service' | 'tyres' | 'brakes' | 'battery_check' | 'vehicle' | FeatureCode;
export const dealerProducts = ['service', 'tyres', 'brakes', 'battery_check'] as const;

export const isFeature = (p: Product): p is FeatureCode => (featureCodes as readonly string[]).includes(p);

/** List price and gross margin share per product (known to the OEM, so observable). */
export const productEconomics: Record<Product, { price: number; margin: number }> = {
  service: { price: 350, margin: 0.45 },
  tyres: { price: 780, margin: 0.25 },
  brakes: { price: 320, margin: 0.4 },
  battery_check: { price: 180, margin: 0.5 },
  vehicle: { price: 42_000, margin: 0.09 },
  adas_plus: { price: 1500, margin: 0.92 },
  trailer_assist: { price: 450, margin: 0.92 },
  night_vision: { price: 800, margin: 0.92 },
  navigation_plus: { price: 250, margin: 0.92 },
  fast_charge_plus: { price: 400, margin: 0.92 },
  performance_boost: { price: 1200, margin: 0.92 },
};

/** Gross profit of one sale at a discount (share of list price). */
export function grossProfit(product: Product, discountPct: number): number {
  const e = productEconomics[product];
  return e.price * (e.margin - discountPct);
}

/** Cost of sending one message on a channel. */
export const channelCost: Record<Channel, number> = { hmi: 0.01, push: 0.01, email: 0.02, sms: 0.08, social: 0.5, dealer_crm: 2, web: 0.01 };

/** Dealer competency a product needs (none = general). */
export const productCompetency: Partial<Record<Product, 'adas_calibration' | 'high_voltage' | 'tyres' | 'software_update'>> = {
  tyres: 'tyres',
  battery_check: 'high_voltage',
  adas_plus: 'adas_calibration',
  night_vision: 'adas_calibration',
};

export const offerKindFor = (product: Product, trial: boolean): OfferKind =>
  product === 'vehicle' ? 'loyalty_bonus' : isFeature(product) ? (trial ? 'feature_trial' : 'feature_purchase') : 'service_package';

/** Products that take a service bay at the dealer. */
export const needsBay = (p: Product): boolean => !isFeature(p) || productCompetency[p] === 'adas_calibration';
