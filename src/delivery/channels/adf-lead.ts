import { XMLBuilder } from 'fast-xml-parser';
import type { DeliveryMessage } from '../channel';

/**
 * A dealer CRM lead in ADF 1.0 (Auto-lead Data Format), valid against the ADF DTD:
 * prospect (id, requestdate, vehicle, customer, vendor, provider). The offer and its
 * redemption code travel in `customer/comments` and the `id` elements.
 */
export function adfLead(m: DeliveryMessage, requestDate: Date): string | null {
  const r = m.recipient;
  if (!r.email && !r.phone) return null;
  const v = r.vehicle;
  const contact = {
    '@_primarycontact': '1',
    name: { '@_part': 'full', '@_type': 'individual', '#text': r.displayName },
    ...(r.email ? { email: { '@_preferredcontact': m.channel === 'dealer_crm' && !r.phone ? '1' : '0', '#text': r.email } } : {}),
    ...(r.phone ? { phone: { '@_type': 'cellphone', '#text': r.phone } } : {}),
  };
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    '?adf': { '@_version': '1.0' },
    adf: {
      prospect: {
        '@_status': 'new',
        id: [
          { '@_sequence': '1', '@_source': 'forecourt', '#text': m.idempotencyKey },
          { '@_source': 'forecourt-redemption-code', '#text': m.offer.redemptionCode },
        ],
        requestdate: requestDate.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
        vehicle: {
          '@_interest': 'buy',
          '@_status': 'used',
          year: String(v?.year ?? new Date(m.offer.validFrom).getUTCFullYear()),
          make: v?.make ?? 'unknown',
          model: v?.model ?? 'unknown',
          ...(r.vin ? { vin: r.vin } : {}),
        },
        customer: {
          contact,
          comments: `${m.offer.name}: ${m.offer.termsText}. Valid until ${m.offer.validTo.slice(0, 10)}. Code ${m.offer.redemptionCode}. ${m.copy.body}`,
        },
        vendor: {
          ...(r.dealerId ? { id: { '@_source': 'forecourt-dealer', '#text': r.dealerId } } : {}),
          vendorname: r.dealerName ?? r.dealerId ?? 'dealer',
          contact: { name: { '@_part': 'full', '@_type': 'business', '#text': r.dealerName ?? 'Dealer' }, email: 'leads@forecourt.invalid' },
        },
        provider: { name: { '@_part': 'full', '@_type': 'business', '#text': 'Forecourt' }, service: 'Promotions' },
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true, processEntities: true });
  return builder.build(doc) as string;
}
