import { ChannelError, defineChannel } from '../channel';
import { adfLead } from './adf-lead';
import { HttpProviderParams, postToProvider } from './http-provider-io';

/** Dealer CRM lead: ADF 1.0 XML posted to the dealer CRM's lead intake. */
export const dealerCrmChannel = defineChannel({
  code: 'dealer_crm',
  description: 'Dealer CRM lead as ADF 1.0 XML posted to the CRM lead intake',
  params: HttpProviderParams,
  async send(m, params, call) {
    const xml = adfLead(m, new Date());
    if (xml === null) throw new ChannelError('dealer_crm', 'no_address', 'a lead needs an e-mail or phone number');
    return postToProvider('dealer_crm', params, { contentType: 'application/xml', idempotencyKey: m.idempotencyKey, body: xml }, call);
  },
});
