/**
 * Live counters shown on the dashboard (points ingested, messages blocked, …).
 * Capabilities increment named counters; the overview endpoint reports them.
 */
export interface Counters {
  inc(name: string, by?: number): void;
  get(name: string): number;
  snapshot(): Record<string, number>;
}

export function createCounters(): Counters {
  const values = new Map<string, number>();
  return {
    inc(name, by = 1) {
      values.set(name, (values.get(name) ?? 0) + by);
    },
    get: (name) => values.get(name) ?? 0,
    snapshot: () => Object.fromEntries([...values.entries()].sort(([a], [b]) => a.localeCompare(b))),
  };
}
