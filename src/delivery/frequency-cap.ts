import { z } from 'zod';

/** Contact caps per owner across all channels: at most `maxContacts` in any rolling `hours` window. */
export const FrequencyCaps = z.array(z.strictObject({ hours: z.int().min(1).max(24 * 365), maxContacts: z.int().min(0).max(1000) })).max(10);
export type FrequencyCaps = z.infer<typeof FrequencyCaps>;

export const defaultFrequencyCaps: FrequencyCaps = [{ hours: 24, maxContacts: 1 }, { hours: 24 * 7, maxContacts: 3 }];

/** How many more contacts are allowed now, and which cap binds (pure). */
export function contactsAllowed(previous: readonly string[], caps: FrequencyCaps, now: Date): { allowed: number; binding: string | null } {
  let allowed = Number.POSITIVE_INFINITY;
  let binding: string | null = null;
  for (const cap of caps) {
    const since = now.getTime() - cap.hours * 3_600_000;
    const used = previous.filter((t) => Date.parse(t) > since && Date.parse(t) <= now.getTime()).length;
    const left = Math.max(0, cap.maxContacts - used);
    if (left < allowed) {
      allowed = left;
      binding = `${cap.maxContacts} per ${cap.hours} h`;
    }
  }
  return { allowed, binding: allowed === Number.POSITIVE_INFINITY ? null : binding };
}

/** The longest window, for loading history. */
export function longestWindowHours(caps: FrequencyCaps): number {
  return caps.reduce((m, c) => Math.max(m, c.hours), 0);
}
