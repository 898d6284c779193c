import { describe, it, expect } from 'vitest';
import type { Fund, TenantNode } from '../domain';
import { isForecourtError, makeVin } from '../kernel';
import { CatalogOffer, EligibilityContext } from '../offers';
import {
  ClaimPolicy, accrueRedemption, adjudicateClaim, adjudicateClaims, appendToLedger, fundPosition, openFund,
  resolveFund, type DealerClaim, type Ledger,
} from './index';

const nodes: TenantNode[] = [
  { id: 'oem', kind: 'oem', parentId: null, name: 'OEM', market: null },
  { id: 'nsc-uk', kind: 'nsc', parentId: 'oem', name: 'NSC UK', market: 'UK' },
  { id: 'dlr-home', kind: 'dealer', parentId: 'nsc-uk', name: 'Home Motors', market: 'UK' },
  { id: 'nsc-de', kind: 'nsc', parentId: 'oem', name: 'NSC DE', market: 'DE' },
  { id: 'dlr-berlin', kind: 'dealer', parentId: 'nsc-de', name: 'Berlin', market: 'DE' },
];
const fund: Fund = { id: 'fund-uk-q4', programId: 'prg-q4', tierNodeId: 'nsc-uk', currency: 'GBP', budgetMinor: 200_000 };
const offer = CatalogOffer.parse({
  id: 'off-adas-service', programId: 'prg-q4', kind: 'service_package', name: 'ADAS calibration check',
  markets: ['UK'], validFrom: '2026-09-01T00:00:00.000Z', validTo: '2026-12-31T23:59:59.000Z',
  terms: { serviceCode: 'ADAS-CAL', priceMinor: 9_900, listPriceMinor: 19_900 }, requires: [{ competency: 'adas_calibration', hours: 2 }],
  ownerNodeId: 'nsc-uk', fundId: 'fund-uk-q4', costMinor: 30_000,
  content: [{ channel: 'email', language: 'en', headline: 'Keep your driver assistance sharp', body: 'Calibration check at your dealer.' }],
  rules: [{ code: 'vehicle_model', params: { modelIds: ['ev-one'] } }],
});
const [vin1, vin2, vin3, vin4] = [1, 2, 3, 4].map((n) => makeVin('1FA', 'EVXNE', 'T', 'L', n)) as [string, string, string, string];
const badVin = `${vin1.slice(0, 8)}${vin1[8] === '0' ? '1' : '0'}${vin1.slice(9)}`;

const ctxFor = (vin: string, modelId = 'ev-one'): EligibilityContext => EligibilityContext.parse({
  customer: { id: 'own-anna', market: 'UK', homeDealerId: 'dlr-home', ownedSince: null },
  vehicle: {
    vin, modelId, trimId: 't-1', hardwareVariantId: 'hw3', market: 'UK', modelYear: 2024, softwareVersion: '4.3.1',
    homeDealerId: 'dlr-home', ownerId: 'own-anna', odometerKm: 20_000, registeredAt: '2024-03-01T00:00:00.000Z',
  },
});

function fundedLedger(budgetMinor = fund.budgetMinor): Ledger {
  let ledger: Ledger = [openFund({ ...fund, budgetMinor }, new Date('2026-09-01T00:00:00Z'))];
  const redemptions = [[vin1, '2026-10-01'], [vin2, '2026-10-01'], [vin3, '2026-10-02'], [vin4, '2026-10-03']] as const;
  for (const [vin, day] of redemptions) {
    const outcome = accrueRedemption(ledger, { ...fund, budgetMinor }, offer, { vin, dealerId: 'dlr-home', redeemedAt: `${day}T10:00:00.000Z` }, new Date(`${day}T18:00:00Z`));
    if (!outcome.ok) throw new Error(outcome.detail);
    ledger = appendToLedger(ledger, [outcome.entry]);
  }
  return ledger;
}

const claim = (id: string, vin: string, over: Partial<DealerClaim> = {}): DealerClaim => ({
  id, fundId: 'fund-uk-q4', offerId: 'off-adas-service', dealerId: 'dlr-home', vin,
  redeemedAt: '2026-10-01T10:00:00.000Z', amountMinor: 30_000, submittedAt: '2026-10-15T09:00:00.000Z', ...over,
});
const deps = (ledger: Ledger) => ({ fund, offer, ledger, nodes, policy: ClaimPolicy.parse({ claimWindowDays: 90, maxPerClaimMinor: 50_000 }), now: new Date('2026-11-22T12:00:00Z') });
const failed = (reasons: { code: string; passed: boolean }[]): string[] => reasons.filter((r) => !r.passed).map((r) => r.code);

describe('dealer claims', () => {
  it('settles a valid claim and the fund position changes accordingly', () => {
    const ledger = fundedLedger();
    expect(fundPosition(ledger, fund.id)).toMatchObject({ budgetMinor: 200_000, accruedMinor: 120_000, claimedMinor: 0, settledMinor: 0, remainingMinor: 80_000 });
    const decision = adjudicateClaim({ ...deps(ledger), claim: claim('clm-1', vin1), contextAtRedemption: ctxFor(vin1) });
    expect(failed(decision.reasons)).toEqual([]);
    expect(decision.status).toBe('settled');
    const after = appendToLedger(ledger, decision.entries);
    expect(fundPosition(after, fund.id)).toMatchObject({ claimedMinor: 30_000, settledMinor: 30_000, outstandingMinor: 0, rejectedClaims: 0 });
  });

  it('rejects each bad claim with the right reason', () => {
    const { decisions, ledger } = adjudicateClaims([
      { claim: claim('clm-ok', vin1), contextAtRedemption: ctxFor(vin1) },
      { claim: claim('clm-dup', vin1), contextAtRedemption: ctxFor(vin1) },
      { claim: claim('clm-late', vin3, { redeemedAt: '2026-10-02T10:00:00.000Z', submittedAt: '2027-02-15T09:00:00.000Z' }), contextAtRedemption: ctxFor(vin3) },
      { claim: claim('clm-suv', vin2), contextAtRedemption: ctxFor(vin2, 'suv-two') },
      { claim: claim('clm-greedy', vin4, { redeemedAt: '2026-10-03T10:00:00.000Z', amountMinor: 35_000 }), contextAtRedemption: ctxFor(vin4) },
      { claim: claim('clm-badvin', badVin), contextAtRedemption: null },
      { claim: claim('clm-ok', vin4, { redeemedAt: '2026-10-03T10:00:00.000Z' }), contextAtRedemption: ctxFor(vin4) },
    ], deps(fundedLedger()));
    const byId = decisions.map((d) => [d.claimId, d.status, failed(d.reasons)]);
    expect(byId).toEqual([
      ['clm-ok', 'settled', []],
      ['clm-dup', 'rejected', ['not_duplicate']],
      ['clm-late', 'rejected', ['within_claim_window']],
      ['clm-suv', 'rejected', ['eligible_at_redemption']],
      ['clm-greedy', 'rejected', ['per_claim_cap']],
      ['clm-badvin', 'rejected', ['vin_valid', 'redemption_on_ledger', 'eligible_at_redemption']],
      ['clm-ok', 'rejected', ['not_duplicate']],
    ]);
    expect(decisions[3]?.reasons.find((r) => r.code === 'eligible_at_redemption')?.detail).toMatch(/vehicle_model/);
    expect(fundPosition(ledger, fund.id)).toMatchObject({ claimedMinor: 30_000, settledMinor: 30_000, rejectedClaims: 6 });
  });

  it('rejects a claim over the fund cap, including when the cap is reached within a batch', () => {
    const { decisions, ledger } = adjudicateClaims([
      { claim: claim('clm-a', vin1), contextAtRedemption: ctxFor(vin1) },
      { claim: claim('clm-b', vin4, { redeemedAt: '2026-10-03T10:00:00.000Z' }), contextAtRedemption: ctxFor(vin4) },
    ], deps(fundedLedger(40_000)));
    expect(decisions.map((d) => failed(d.reasons))).toEqual([[], ['fund_cap']]);
    expect(fundPosition(ledger, fund.id)).toMatchObject({ budgetMinor: 40_000, claimedMinor: 30_000, settledMinor: 30_000 });
  });

  it('rejects claims from a dealer outside the fund tier and claims without a redemption', () => {
    const ledger = fundedLedger();
    const berlin = adjudicateClaim({ ...deps(ledger), claim: claim('clm-de', vin1, { dealerId: 'dlr-berlin' }), contextAtRedemption: ctxFor(vin1) });
    expect(failed(berlin.reasons)).toEqual(['dealer_in_fund_tier', 'redemption_on_ledger']);
    const ghost = makeVin('1FA', 'EVXNE', 'T', 'L', 99);
    const none = adjudicateClaim({ ...deps(ledger), claim: claim('clm-ghost', ghost), contextAtRedemption: ctxFor(ghost) });
    expect(failed(none.reasons)).toEqual(['redemption_on_ledger']);
    const wrongDay = adjudicateClaim({ ...deps(ledger), claim: claim('clm-day', vin1, { redeemedAt: '2026-10-05T10:00:00.000Z' }), contextAtRedemption: ctxFor(vin1) });
    expect(failed(wrongDay.reasons)).toEqual(['redemption_on_ledger']);
  });
});

describe('ledger and accruals', () => {
  it('refuses duplicate, invalid and out-of-window redemptions', () => {
    const ledger = fundedLedger();
    const at = new Date('2026-11-01T00:00:00Z');
    expect(accrueRedemption(ledger, fund, offer, { vin: vin1, dealerId: 'dlr-home', redeemedAt: '2026-10-20T00:00:00.000Z' }, at)).toMatchObject({ ok: false, code: 'duplicate_redemption' });
    expect(accrueRedemption(ledger, fund, offer, { vin: badVin, dealerId: 'dlr-home', redeemedAt: '2026-10-20T00:00:00.000Z' }, at)).toMatchObject({ ok: false, code: 'vin_invalid' });
    expect(accrueRedemption(ledger, fund, offer, { vin: makeVin('1FA', 'EVXNE', 'T', 'L', 7), dealerId: 'dlr-home', redeemedAt: '2027-01-20T00:00:00.000Z' }, at)).toMatchObject({ ok: false, code: 'outside_validity' });
    expect(accrueRedemption(ledger, { ...fund, id: 'fund-other' }, offer, { vin: vin1, dealerId: 'dlr-home', redeemedAt: '2026-10-20T00:00:00.000Z' }, at)).toMatchObject({ ok: false, code: 'wrong_fund' });
  });

  it('is append-only: a repeated id or an entry dated before the last one is a conflict', () => {
    const ledger = fundedLedger();
    const again = ledger[1];
    if (!again) throw new Error('no entry');
    expect(() => appendToLedger(ledger, [again])).toThrow(/already exists/);
    try {
      appendToLedger(ledger, [{ type: 'budget', id: 'topup', fundId: fund.id, at: '2026-01-01T00:00:00.000Z', deltaMinor: 5, note: 'late' }]);
      expect.unreachable();
    } catch (error) {
      expect(isForecourtError(error) && error.code).toBe('CONFLICT');
    }
    const topped = appendToLedger(ledger, [{ type: 'budget', id: 'topup', fundId: fund.id, at: '2026-11-01T00:00:00.000Z', deltaMinor: 50_000, note: 'Q4 top-up' }]);
    expect(fundPosition(topped, fund.id).budgetMinor).toBe(250_000);
    expect(ledger).toHaveLength(5);
  });
});

describe('funds per program and tier', () => {
  it('picks the fund of the nearest tier above the dealer', () => {
    const funds: Fund[] = [
      fund,
      { ...fund, id: 'fund-oem-q4', tierNodeId: 'oem' },
      { ...fund, id: 'fund-other-program', programId: 'prg-other', tierNodeId: 'dlr-home' },
    ];
    expect(resolveFund(funds, 'prg-q4', 'dlr-home', nodes)).toMatchObject({ ok: true, fund: { id: 'fund-uk-q4' } });
    expect(resolveFund(funds, 'prg-q4', 'dlr-berlin', nodes)).toMatchObject({ ok: true, fund: { id: 'fund-oem-q4' } });
    expect(resolveFund(funds, 'prg-none', 'dlr-home', nodes)).toMatchObject({ ok: false, code: 'no_fund_for_tier' });
  });
});
