/** The clock is passed in, never read from a global, so decisions replay in tests. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function fixedClock(at: Date | string): Clock {
  const t = new Date(at).getTime();
  return () => new Date(t);
}
