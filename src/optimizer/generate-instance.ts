import { createRng } from '../kernel';
import { assignHoldouts } from './holdouts';
import {
  sharedFloat32, sharedFloat64, sharedInt32, sharedUint8, sortCandidatesByValue,
  type ConstraintInfo, type Instance, type OptionInfo,
} from './instance';

export interface GenerateInstanceInput {
  customers: number;
  candidatesPerCustomer: number;
  /** Target number of coupling constraints (budgets, dealer capacity, stock, contact caps, conflicts). */
  constraints: number;
  seed: number | string;
  /** Minimum holdout share per market segment; default 0.05. */
  holdoutShare?: number;
}

interface OfferSpec {
  id: string;
  program: string;
  cost: number;
  base: number;
  hours: Partial<Record<Competency, number>>;
  sku?: string;
}
type Competency = 'general' | 'adas_calibration' | 'high_voltage';

const competencyList: readonly Competency[] = ['general', 'adas_calibration', 'high_voltage'];
const markets = ['US', 'UK', 'DE'] as const;
const channels = ['in_vehicle', 'push', 'email', 'sms', 'dealer_crm'] as const;
const channelFactor = [1.15, 0.9, 0.75, 0.85, 1.3];
const skus = ['tyre-set', 'vehicle-ev', 'roof-rack'] as const;
const offers: readonly OfferSpec[] = [
  { id: 'svc-adas-calibration', program: 'service', cost: 60, base: 150, hours: { adas_calibration: 1.5 } },
  { id: 'svc-hv-battery-check', program: 'service', cost: 80, base: 170, hours: { high_voltage: 2 } },
  { id: 'svc-general-inspection', program: 'service', cost: 40, base: 95, hours: { general: 1 } },
  { id: 'svc-winter-tyres', program: 'service', cost: 50, base: 115, hours: { general: 0.8 }, sku: 'tyre-set' },
  { id: 'sales-cash-rebate', program: 'sales', cost: 1000, base: 1250, hours: {} },
  { id: 'sales-apr-financing', program: 'sales', cost: 600, base: 820, hours: {} },
  { id: 'sales-ev-lease', program: 'sales', cost: 700, base: 900, hours: { high_voltage: 0.5 }, sku: 'vehicle-ev' },
  { id: 'acc-roof-rack', program: 'accessories', cost: 30, base: 65, hours: { general: 0.3 }, sku: 'roof-rack' },
  { id: 'feat-trial-adaptive-cruise', program: 'features', cost: 5, base: 40, hours: {} },
  { id: 'feat-purchase-park-assist', program: 'features', cost: 15, base: 75, hours: {} },
  { id: 'loyalty-bonus', program: 'loyalty', cost: 250, base: 320, hours: {} },
  { id: 'svc-adas-windscreen', program: 'service', cost: 90, base: 210, hours: { adas_calibration: 2, general: 0.5 } },
];
const programs = ['service', 'sales', 'features', 'loyalty', 'accessories'];

type RowSpec =
  | { kind: 'global' }
  | { kind: 'program'; program: string }
  | { kind: 'market'; market: number }
  | { kind: 'contact'; channel: number }
  | { kind: 'conflict'; market: number }
  | { kind: 'dealer'; dealer: number; competency: Competency }
  | { kind: 'stock'; dealer: number; sku: string };

function planRows(m: number): { rows: RowSpec[]; dealers: number } {
  const nBudget = Math.max(1, Math.round(0.16 * m));
  const nContact = Math.min(channels.length, Math.round(0.1 * m));
  const nConflict = Math.min(markets.length, Math.round(0.04 * m));
  const nStock = Math.round(0.22 * m);
  const nDealer = Math.max(0, m - nBudget - nContact - nConflict - nStock);
  const dealers = Math.max(2, Math.ceil(nDealer / competencyList.length), Math.ceil(nStock / skus.length));
  const rows: RowSpec[] = [{ kind: 'global' }];
  for (let b = 1; b < nBudget; b++) {
    const half = Math.floor((b - 1) / 2);
    if (b % 2 === 1 && half < programs.length) rows.push({ kind: 'program', program: programs[half]! });
    else if (half < markets.length) rows.push({ kind: 'market', market: half });
    else rows.push({ kind: 'program', program: programs[b % programs.length]! });
  }
  for (let c = 0; c < nContact; c++) rows.push({ kind: 'contact', channel: c });
  for (let c = 0; c < nConflict; c++) rows.push({ kind: 'conflict', market: c });
  for (let d = 0; d < nDealer; d++) rows.push({ kind: 'dealer', dealer: d % dealers, competency: competencyList[Math.floor(d / dealers) % 3]! });
  for (let s = 0; s < nStock; s++) rows.push({ kind: 'stock', dealer: s % dealers, sku: skus[Math.floor(s / dealers) % skus.length]! });
  return { rows: rows.slice(0, m), dealers };
}

function rowInfo(row: RowSpec, k: number): ConstraintInfo {
  switch (row.kind) {
    case 'global': return { id: `r${k}`, kind: 'budget', label: 'global promotion budget' };
    case 'program': return { id: `r${k}`, kind: 'budget', label: `${row.program} program budget` };
    case 'market': return { id: `r${k}`, kind: 'budget', label: `${markets[row.market]} market fund` };
    case 'contact': return { id: `r${k}`, kind: 'contact_cap', label: `${channels[row.channel]} contacts this week` };
    case 'conflict': return { id: `r${k}`, kind: 'channel_conflict', label: `${markets[row.market]} push + dealer CRM sales leads (tier conflict cap)` };
    case 'dealer': return { id: `r${k}`, kind: 'dealer_capacity', label: `dealer D${row.dealer} ${row.competency} hours this week` };
    case 'stock': return { id: `r${k}`, kind: 'stock', label: `dealer D${row.dealer} stock of ${row.sku}` };
  }
}

function rowAmount(row: RowSpec, offer: OfferSpec, channel: number, dealer: number, dealerMarket: number): number {
  switch (row.kind) {
    case 'global': return offer.cost;
    case 'program': return row.program === offer.program ? offer.cost : 0;
    case 'market': return row.market === dealerMarket ? offer.cost : 0;
    case 'contact': return row.channel === channel ? 1 : 0;
    case 'conflict': return row.market === dealerMarket && offer.program === 'sales' && (channel === 1 || channel === 4) ? 1 : 0;
    case 'dealer': return row.dealer === dealer ? offer.hours[row.competency] ?? 0 : 0;
    case 'stock': return row.dealer === dealer && offer.sku === row.sku ? 1 : 0;
  }
}

/**
 * A seeded random instance with the structure of a real promotion week: costly
 * offers drain program and market budgets, service offers need certified hours
 * at the fulfilling dealer, some offers need stock, channels have contact caps.
 * Capacities are set to 25–85 % of what the unconstrained choice would use (a
 * quarter of the rows are slack), so many constraints bind.
 */
export function generateInstance(input: GenerateInstanceInput): Instance {
  const rng = createRng(input.seed);
  const n = input.customers;
  const perCustomer = Math.max(1, input.candidatesPerCustomer);
  const { rows, dealers } = planRows(Math.max(1, input.constraints));
  const dealerMarket = Array.from({ length: dealers }, (_, d) => d % markets.length);
  const dealersIn = markets.map((_, mk) => dealerMarket.flatMap((m, d) => (m === mk ? [d] : [])));

  // Options: every offer × channel × dealer, with its uses.
  const optionCount = offers.length * channels.length * dealers;
  const options: OptionInfo[] = [];
  const start: number[] = [0];
  const useRow: number[] = [];
  const useAmount: number[] = [];
  for (let o = 0; o < offers.length; o++) {
    for (let ch = 0; ch < channels.length; ch++) {
      for (let d = 0; d < dealers; d++) {
        const offer = offers[o]!;
        options.push({ id: `${offer.id}/${channels[ch]}/D${d}`, offer: offer.id, channel: channels[ch]!, dealer: `D${d}` });
        rows.forEach((row, k) => {
          const a = rowAmount(row, offer, ch, d, dealerMarket[d]!);
          if (a > 0) { useRow.push(k); useAmount.push(a); }
        });
        start.push(useRow.length);
      }
    }
  }
  const optionOf = (o: number, ch: number, d: number): number => (o * channels.length + ch) * dealers + d;

  const candidateStart = sharedInt32(n + 1);
  const total = n * perCustomer;
  const candidateValue = sharedFloat32(total);
  const candidateOption = sharedInt32(total);
  const customerSegment = sharedInt32(n);
  const picked = new Int32Array(perCustomer);
  let c = 0;
  for (let i = 0; i < n; i++) {
    candidateStart[i] = c;
    const market = rng.int(markets.length);
    customerSegment[i] = market;
    const local = dealersIn[market]!.length > 0 ? dealersIn[market]! : [0];
    const serviceNeed = rng.next();
    const intent = rng.next() ** 3;
    const techAffinity = rng.next();
    for (let j = 0; j < perCustomer; j++) {
      let opt = 0;
      let o = 0;
      let ch = 0;
      for (let attempt = 0; attempt < 20; attempt++) {
        o = rng.int(offers.length);
        ch = rng.int(channels.length);
        const d = local[rng.int(Math.min(3, local.length))]!;
        opt = optionOf(o, ch, d);
        let dup = false;
        for (let q = 0; q < j; q++) if (picked[q] === opt) { dup = true; break; }
        if (!dup) break;
      }
      picked[j] = opt;
      const offer = offers[o]!;
      const affinity = offer.program === 'service' ? 0.2 + serviceNeed * 1.6
        : offer.program === 'sales' ? 0.1 + intent * 2
          : offer.program === 'features' ? 0.3 + techAffinity * 1.4 : 0.6 + rng.next() * 0.6;
      const uplift = offer.base * affinity * channelFactor[ch]! * Math.exp(0.35 * rng.normal());
      const lifetime = 25 * rng.normal();
      candidateValue[c] = Math.round(uplift + lifetime - 0.3 * offer.cost) + 0;
      candidateOption[c] = opt;
      c++;
    }
  }
  candidateStart[n] = c;

  const instance: Instance = {
    customerCount: n,
    customerIds: undefined,
    candidateStart,
    candidateValue,
    candidateOption,
    optionStart: Int32Array.from(start),
    useConstraint: Int32Array.from(useRow),
    useAmount: Float64Array.from(useAmount),
    capacity: sharedFloat64(rows.length),
    constraints: rows.map(rowInfo),
    options,
    holdout: sharedUint8(n),
    customerSegment,
    segments: markets.map((m) => ({ id: `market-${m}`, minHoldoutShare: input.holdoutShare ?? 0.05 })),
  };
  sortCandidatesByValue(instance);
  assignHoldouts(instance, rng.fork('holdouts'));
  setCapacities(instance, optionCount, rng.fork('capacities'));
  return instance;
}

function setCapacities(instance: Instance, optionCount: number, rng: ReturnType<typeof createRng>): void {
  const mass = new Float64Array(optionCount);
  const { candidateStart, candidateValue, candidateOption } = instance;
  for (let i = 0; i < instance.customerCount; i++) {
    if (instance.holdout[i] === 1) continue;
    let best = -1;
    let bestValue = 0;
    for (let j = candidateStart[i]!; j < candidateStart[i + 1]!; j++) {
      if (candidateValue[j]! > bestValue) { bestValue = candidateValue[j]!; best = j; }
    }
    if (best >= 0) mass[candidateOption[best]!]! += 1;
  }
  const usage = new Float64Array(instance.capacity.length);
  for (let p = 0; p < optionCount; p++) {
    for (let u = instance.optionStart[p]!; u < instance.optionStart[p + 1]!; u++) {
      usage[instance.useConstraint[u]!]! += mass[p]! * instance.useAmount[u]!;
    }
  }
  for (let k = 0; k < usage.length; k++) {
    const slack = rng.next() < 0.25;
    const factor = slack ? 1.05 + 0.5 * rng.next() : 0.25 + 0.6 * rng.next();
    instance.capacity[k] = Math.max(1, Math.ceil(usage[k]! * factor));
  }
}
