import { consentKey, type ConsentChange, type ConsentState } from '../domain';

/**
 * The consent state of one owner at a moment, from the append-only change history: for each
 * purpose and channel the latest change at or before `at` wins (ties: later in the list wins).
 * Use it to build EligibilityContext.consent, including "as it was" for claims.
 */
export function consentStateAt(changes: readonly ConsentChange[], ownerId: string, at: Date): ConsentState {
  const latest = new Map<string, { t: number; granted: boolean }>();
  for (const change of changes) {
    if (change.ownerId !== ownerId) continue;
    const t = Date.parse(change.at);
    if (t > at.getTime()) continue;
    const key = consentKey(change.purpose, change.channel);
    const seen = latest.get(key);
    if (!seen || t >= seen.t) latest.set(key, { t, granted: change.granted });
  }
  return Object.fromEntries([...latest].map(([key, v]) => [key, v.granted]));
}
