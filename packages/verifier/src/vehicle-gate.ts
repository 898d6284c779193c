import { z } from 'zod';

/** The state the head unit reports; the verifier never guesses it. */
export const vehicleStateSchema = z.strictObject({
  gear: z.enum(['P', 'R', 'N', 'D', 'M', 'unknown']),
  speedKph: z.number().finite().min(0).max(500),
});
export type VehicleState = z.infer<typeof vehicleStateSchema>;

export type GateDecision = { show: true } | { show: false; reason: 'not_parked' | 'vehicle_state_invalid' };

/**
 * Driver-distraction gating: cards are shown only when the vehicle is parked
 * (gear P and standing still). Anything else, including an unreadable state, hides them.
 */
export function gateForVehicleState(state: unknown): GateDecision {
  const parsed = vehicleStateSchema.safeParse(state);
  if (!parsed.success) return { show: false, reason: 'vehicle_state_invalid' };
  return parsed.data.gear === 'P' && parsed.data.speedKph === 0 ? { show: true } : { show: false, reason: 'not_parked' };
}
