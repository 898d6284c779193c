/**
 * Per-account login throttling (THREATS.md RL-01): after `max` failures within
 * `windowMs`, further attempts for that account are refused until the window
 * passes, whether or not the account exists, so the answer tells nothing.
 */
export function createLoginThrottle(opts: { max: number; windowMs: number }) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => now - t < opts.windowMs);
  return {
    blocked(key: string, now: Date): boolean {
      return recent(key, now.getTime()).length >= opts.max;
    },
    fail(key: string, now: Date): void {
      const list = recent(key, now.getTime());
      list.push(now.getTime());
      failures.set(key, list);
    },
    succeed(key: string): void {
      failures.delete(key);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
