import { z } from 'zod';
import { NodeId, type Fund } from '../domain';
import { checkVin } from '../kernel';
import { isWithinValidity, type CatalogOffer } from '../offers';
import type { Ledger, LedgerEntry } from './ledger';

export const Redemption = z.strictObject({
  vin: z.string(),
  dealerId: NodeId,
  redeemedAt: z.iso.datetime(),
});
export type Redemption = z.infer<typeof Redemption>;

export type AccrualOutcome =
  | { ok: true; entry: LedgerEntry }
  | { ok: false; code: 'vin_invalid' | 'wrong_fund' | 'outside_validity' | 'duplicate_redemption'; detail: string };

/** The accrual entry (dated `now`) for one redemption of a funded offer, or why none is recorded. Amount = the offer's costMinor. */
export function accrueRedemption(
  ledger: Ledger,
  fund: Fund,
  offer: Pick<CatalogOffer, 'id' | 'fundId' | 'costMinor' | 'validFrom' | 'validTo'>,
  redemption: Redemption,
  now: Date,
): AccrualOutcome {
  const vin = checkVin(redemption.vin);
  if (!vin.valid) return { ok: false, code: 'vin_invalid', detail: `VIN ${redemption.vin} fails the ${vin.reason} check` };
  if (offer.fundId !== fund.id) return { ok: false, code: 'wrong_fund', detail: `${offer.id} is funded by ${offer.fundId ?? 'no fund'}, not ${fund.id}` };
  if (!isWithinValidity(offer, new Date(redemption.redeemedAt))) return { ok: false, code: 'outside_validity', detail: `${redemption.redeemedAt} is outside ${offer.validFrom} – ${offer.validTo}` };
  if (ledger.some((e) => e.type === 'accrual' && e.offerId === offer.id && e.vin === redemption.vin)) {
    return { ok: false, code: 'duplicate_redemption', detail: `${offer.id} was already redeemed for ${redemption.vin}` };
  }
  return {
    ok: true,
    entry: {
      type: 'accrual', id: `acc:${offer.id}:${redemption.vin}`, fundId: fund.id, at: now.toISOString(), offerId: offer.id,
      vin: redemption.vin, dealerId: redemption.dealerId, redeemedAt: redemption.redeemedAt, amountMinor: offer.costMinor,
    },
  };
}
