/**
 * Named eligibility cases (STYLE.md §7). Each case starts from `base`, applies its patch
 * (`customer`, `vehicle` and `offer` merge field by field; other keys replace), evaluates
 * `rules` at `now` and expects `eligible` and exactly the `failed` reason codes, in order.
 * Bump `version` when a case's expectation changes meaning.
 */
export interface EligibilityCase {
  name: string;
  rules: { code: string; params: unknown }[];
  patch?: Record<string, unknown>;
  now?: string;
  expect: { eligible: boolean; failed: string[]; detail?: { code: string; matches: string } };
}

const allPassing = [
  { code: 'market', params: { markets: ['UK'] } },
  { code: 'vehicle_model', params: { modelIds: ['ev-one'] } },
  { code: 'vehicle_trim', params: { trimIds: ['ev-one-lr'] } },
  { code: 'hardware_variant', params: { variantIds: ['hw3'] } },
  { code: 'software_version', params: { range: '>=4.2.0 <5.0.0' } },
  { code: 'mileage', params: { maxKm: 100_000 } },
  { code: 'vehicle_age', params: { maxMonths: 60 } },
  { code: 'telemetry_feature', params: { feature: 'adas_disengagements_30d', op: 'gte', value: 5 } },
  { code: 'need_score', params: { need: 'adas_upgrade', min: 0.5 } },
  { code: 'consent', params: { purpose: 'marketing_contact' } },
  { code: 'ownership', params: { minMonths: 12 } },
  { code: 'prior_offers', params: { maxRedeemed: 0, coolDownDays: 30 } },
  { code: 'dealer_capability', params: {} },
];

const version = (range: string) => [{ code: 'software_version', params: { range } }];
const consent = (params: Record<string, unknown>) => [{ code: 'consent', params }];

export const eligibilityCases = {
  version: 1,
  now: '2026-11-22T12:00:00.000Z',
  base: {
    offer: {
      id: 'off-adas-trial', kind: 'feature_trial', markets: ['UK', 'DE'],
      validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-12-31T23:59:59.000Z',
      requires: [{ competency: 'adas_calibration', hours: 2 }], requiresStock: ['CAL-KIT'],
    },
    ctx: {
      customer: { id: 'own-anna', market: 'UK', homeDealerId: 'dlr-london', ownedSince: '2023-05-01T00:00:00.000Z' },
      vehicle: {
        vin: 'WF0XXXGCDX1234567', modelId: 'ev-one', trimId: 'ev-one-lr', hardwareVariantId: 'hw3', market: 'UK', modelYear: 2023,
        softwareVersion: '4.3.1', homeDealerId: 'dlr-london', ownerId: 'own-anna', odometerKm: 42_000, registeredAt: '2023-05-01T00:00:00.000Z',
      },
      features: { adas_disengagements_30d: 12, harsh_braking_per_100km: 3.2 },
      needScores: { adas_upgrade: 0.72 },
      consent: { 'marketing_contact:any': true, 'telematics_marketing:any': true },
      channel: 'push',
      history: [{ offerId: 'off-other', event: 'received', channel: 'email', at: '2026-10-01T09:00:00.000Z' }],
      dealer: {
        dealer: {
          id: 'dlr-london', code: 'LON01', name: 'London Central', lat: 51.5, lon: -0.12, territory: ['SW1'], serviceBaysPerDay: 6,
          technicians: [{ competency: 'general', technicians: 4, hoursPerDay: 8 }, { competency: 'adas_calibration', technicians: 1, hoursPerDay: 6 }],
          competitionIndex: 0.6,
        },
        stock: [{ dealerId: 'dlr-london', sku: 'CAL-KIT', kind: 'part', quantity: 2 }],
      },
    },
  },
  cases: [
    { name: 'every condition passes for a matching owner', rules: allPassing, expect: { eligible: true, failed: [] } },
    { name: 'no rules: only the built-in window and market checks', rules: [], expect: { eligible: true, failed: [] } },
    { name: 'offer outside its validity window', rules: [], now: '2027-01-02T00:00:00.000Z', expect: { eligible: false, failed: ['offer_valid'] } },
    { name: 'vehicle market not among the offer markets', rules: [], patch: { vehicle: { market: 'FR' } }, expect: { eligible: false, failed: ['offer_market'] } },
    { name: 'market rule excludes the vehicle market', rules: [{ code: 'market', params: { markets: ['DE'] } }], expect: { eligible: false, failed: ['market'] } },
    { name: 'wrong model', rules: [{ code: 'vehicle_model', params: { modelIds: ['suv-two'] } }], expect: { eligible: false, failed: ['vehicle_model'] } },
    { name: 'wrong trim', rules: [{ code: 'vehicle_trim', params: { trimIds: ['ev-one-sr'] } }], expect: { eligible: false, failed: ['vehicle_trim'] } },
    { name: 'wrong hardware variant', rules: [{ code: 'hardware_variant', params: { variantIds: ['hw4'] } }], expect: { eligible: false, failed: ['hardware_variant'] } },
    { name: 'version at the lower bound is inside', rules: version('>=4.2.0 <5.0.0'), patch: { vehicle: { softwareVersion: '4.2.0' } }, expect: { eligible: true, failed: [] } },
    {
      name: 'version just below the range', rules: version('>=4.2.0 <5.0.0'), patch: { vehicle: { softwareVersion: '4.1.9' } },
      expect: { eligible: false, failed: ['software_version'], detail: { code: 'software_version', matches: '4.1.9 is below the range' } },
    },
    { name: 'pre-release of the lower bound is below the range', rules: version('>=4.2.0 <5.0.0'), patch: { vehicle: { softwareVersion: '4.2.0-rc.1' } }, expect: { eligible: false, failed: ['software_version'] } },
    {
      name: 'version at the exclusive upper bound is above', rules: version('>=4.2.0 <5.0.0'), patch: { vehicle: { softwareVersion: '5.0.0' } },
      expect: { eligible: false, failed: ['software_version'], detail: { code: 'software_version', matches: 'is above' } },
    },
    { name: 'caret range', rules: version('^4.3.0'), expect: { eligible: true, failed: [] } },
    { name: 'mileage above the maximum', rules: [{ code: 'mileage', params: { maxKm: 40_000 } }], expect: { eligible: false, failed: ['mileage'] } },
    { name: 'mileage below the minimum', rules: [{ code: 'mileage', params: { minKm: 60_000, maxKm: 150_000 } }], expect: { eligible: false, failed: ['mileage'] } },
    { name: 'vehicle too new', rules: [{ code: 'vehicle_age', params: { minMonths: 48 } }], expect: { eligible: false, failed: ['vehicle_age'] } },
    { name: 'vehicle too old', rules: [{ code: 'vehicle_age', params: { maxMonths: 24 } }], expect: { eligible: false, failed: ['vehicle_age'] } },
    { name: 'telemetry feature under the threshold', rules: [{ code: 'telemetry_feature', params: { feature: 'harsh_braking_per_100km', op: 'gt', value: 5 } }], expect: { eligible: false, failed: ['telemetry_feature'] } },
    {
      name: 'missing telemetry feature fails', rules: [{ code: 'telemetry_feature', params: { feature: 'battery_soh', op: 'lt', value: 0.8 } }],
      expect: { eligible: false, failed: ['telemetry_feature'], detail: { code: 'telemetry_feature', matches: 'missing' } },
    },
    { name: 'need score too low', rules: [{ code: 'need_score', params: { need: 'adas_upgrade', min: 0.8 } }], expect: { eligible: false, failed: ['need_score'] } },
    { name: 'no such need score', rules: [{ code: 'need_score', params: { need: 'tyres', min: 0.1 } }], expect: { eligible: false, failed: ['need_score'] } },
    { name: 'consent for any channel covers push', rules: consent({ purpose: 'marketing_contact' }), expect: { eligible: true, failed: [] } },
    {
      name: 'consent withdrawn on the offer channel', rules: consent({ purpose: 'marketing_contact' }),
      patch: { consent: { 'marketing_contact:any': true, 'marketing_contact:push': false } },
      expect: { eligible: false, failed: ['consent'], detail: { code: 'consent', matches: 'withdrawn for push' } },
    },
    { name: 'consent withdrawn for the whole purpose', rules: consent({ purpose: 'telematics_marketing', channel: 'any' }), patch: { consent: { 'telematics_marketing:any': false } }, expect: { eligible: false, failed: ['consent'] } },
    { name: 'no consent recorded', rules: consent({ purpose: 'profiling', channel: 'any' }), expect: { eligible: false, failed: ['consent'] } },
    { name: 'explicit channel consent without a purpose-wide one', rules: consent({ purpose: 'marketing_contact', channel: 'sms' }), patch: { consent: { 'marketing_contact:sms': true } }, expect: { eligible: true, failed: [] } },
    { name: 'offer channel not chosen yet', rules: consent({ purpose: 'marketing_contact' }), patch: { channel: null }, expect: { eligible: false, failed: ['consent'] } },
    { name: 'not the owner', rules: [{ code: 'ownership', params: {} }], patch: { vehicle: { ownerId: 'own-bob' } }, expect: { eligible: false, failed: ['ownership'] } },
    { name: 'owned for too short', rules: [{ code: 'ownership', params: { minMonths: 12 } }], patch: { customer: { ownedSince: '2026-06-01T00:00:00.000Z' } }, expect: { eligible: false, failed: ['ownership'] } },
    { name: 'conquest: non-owner qualifies', rules: [{ code: 'ownership', params: { relation: 'not_owner' } }], patch: { vehicle: { ownerId: null } }, expect: { eligible: true, failed: [] } },
    { name: 'conquest: owner does not qualify', rules: [{ code: 'ownership', params: { relation: 'not_owner' } }], expect: { eligible: false, failed: ['ownership'] } },
    {
      name: 'already redeemed', rules: [{ code: 'prior_offers', params: { maxRedeemed: 0 } }],
      patch: { history: [{ offerId: 'off-adas-trial', event: 'redeemed', channel: 'push', at: '2026-03-01T09:00:00.000Z' }] },
      expect: { eligible: false, failed: ['prior_offers'] },
    },
    {
      name: 'received inside the cool-down', rules: [{ code: 'prior_offers', params: { coolDownDays: 30 } }],
      patch: { history: [{ offerId: 'off-adas-trial', event: 'received', channel: 'email', at: '2026-11-10T09:00:00.000Z' }] },
      expect: { eligible: false, failed: ['prior_offers'], detail: { code: 'prior_offers', matches: 'cool-down 30 days' } },
    },
    {
      name: 'cool-down elapsed', rules: [{ code: 'prior_offers', params: { coolDownDays: 30, maxReceived: 1 } }],
      patch: { history: [{ offerId: 'off-adas-trial', event: 'received', channel: 'email', at: '2026-09-10T09:00:00.000Z' }] },
      expect: { eligible: true, failed: [] },
    },
    {
      name: 'received a sibling offer too often', rules: [{ code: 'prior_offers', params: { offerIds: ['off-other'], maxReceived: 0 } }],
      expect: { eligible: false, failed: ['prior_offers'] },
    },
    {
      name: 'events after now are ignored', rules: [{ code: 'prior_offers', params: { maxRedeemed: 0 } }],
      patch: { history: [{ offerId: 'off-adas-trial', event: 'redeemed', channel: 'push', at: '2026-12-01T09:00:00.000Z' }] },
      expect: { eligible: true, failed: [] },
    },
    { name: 'no serving dealer', rules: [{ code: 'dealer_capability', params: {} }], patch: { dealer: null }, expect: { eligible: false, failed: ['dealer_capability'] } },
    {
      name: 'dealer not certified', rules: [{ code: 'dealer_capability', params: {} }],
      patch: { offer: { requires: [{ competency: 'high_voltage', hours: 3 }] } },
      expect: { eligible: false, failed: ['dealer_capability'], detail: { code: 'dealer_capability', matches: 'not certified for high_voltage' } },
    },
    { name: 'dealer out of stock', rules: [{ code: 'dealer_capability', params: {} }], patch: { offer: { requiresStock: ['CAL-KIT', 'RADAR-BRACKET'] } }, expect: { eligible: false, failed: ['dealer_capability'] } },
    { name: 'stock check switched off', rules: [{ code: 'dealer_capability', params: { checkStock: false } }], patch: { offer: { requiresStock: ['RADAR-BRACKET'] } }, expect: { eligible: true, failed: [] } },
    {
      name: 'every failing condition is reported, not only the first', rules: allPassing,
      patch: { vehicle: { softwareVersion: '4.1.9', odometerKm: 150_000 }, consent: { 'marketing_contact:push': false } },
      expect: { eligible: false, failed: ['software_version', 'mileage', 'consent'] },
    },
  ] satisfies EligibilityCase[],
};
