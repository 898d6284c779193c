import { clearMessage, ComplianceInput, type Verdict } from '../compliance';
import type { Channel, ConsentState } from '../domain';
import { complianceChannelFor, DeliveryMessage, messageText, type ClearedMessage } from './channel';

/** What the checker needs about the vehicle (from the store and the capability registry). */
export interface VehicleFacts {
  readonly model: string;
  readonly adasLevel: number;
  readonly certifiedFeatures: readonly string[];
}

/** Explicit `purpose:channel` wins, else `purpose:any`, else not granted (as the offers consent condition). */
export function consentFor(state: ConsentState, purpose: 'marketing_contact' | 'telematics_marketing', channel: Channel): boolean {
  const specific = state[`${purpose}:${channel}`];
  if (specific !== undefined) return specific;
  return state[`${purpose}:any`] === true;
}

export function complianceInputFor(message: DeliveryMessage, vehicle: VehicleFacts, consent: ConsentState): ComplianceInput {
  return ComplianceInput.parse({
    id: message.idempotencyKey,
    market: message.market,
    channel: complianceChannelFor(message.channel),
    vehicle: { model: vehicle.model, adasLevel: vehicle.adasLevel, certifiedFeatures: [...vehicle.certifiedFeatures] },
    consent: { telematicsMarketing: consentFor(consent, 'telematics_marketing', message.channel), channelMarketing: consentFor(consent, 'marketing_contact', message.channel) },
    text: messageText(message.copy),
  });
}

export type GateResult =
  | { readonly cleared: true; readonly value: ClearedMessage }
  | { readonly cleared: false; readonly input: ComplianceInput; readonly verdict: Verdict };

/**
 * Runs the compliance checker on exactly the rendered text for this market, channel, vehicle
 * and consent state. The clearance it returns is bound to that exact input. Pure.
 */
export function clearForDelivery(raw: DeliveryMessage, vehicle: VehicleFacts, consent: ConsentState, now: Date): GateResult {
  const message = DeliveryMessage.parse(raw);
  const input = complianceInputFor(message, vehicle, consent);
  const result = clearMessage(input, now);
  if (!result.cleared) return { cleared: false, input, verdict: result.verdict };
  return { cleared: true, value: { message, complianceInput: input, clearance: result.clearance } };
}
