import type { ReasonCounts, RejectReason } from './reject-reasons';
import { emptyReasonCounts } from './reject-reasons';

/** One rejected point or payload, kept with the reason it was rejected. */
export interface QuarantineEntry {
  reason: RejectReason;
  detail: string;
  vin: string | null;
  path: string | null;
  /** The offending record, serialised and cut to at most 512 characters. */
  raw: string;
  /** How many points the entry stands for (1 for a point; 1 for an unreadable payload). */
  points: number;
  transport: string;
  receivedAt: number;
}

/** Where rejected points go. The in-memory sink is below; the SQL sink implements the same interface. */
export interface QuarantineSink {
  put(entry: QuarantineEntry): void;
}

export interface MemoryQuarantine extends QuarantineSink {
  /** The most recent entries (at most `capacity`). */
  entries(): readonly QuarantineEntry[];
  /** Totals per reason since creation, including entries that no longer fit. */
  counts(): ReasonCounts;
  total(): number;
}

export function createMemoryQuarantine(capacity = 10_000): MemoryQuarantine {
  const ring: QuarantineEntry[] = [];
  let next = 0;
  let total = 0;
  const counts = emptyReasonCounts();
  return {
    put(entry) {
      counts[entry.reason] += entry.points;
      total += entry.points;
      if (ring.length < capacity) ring.push(entry);
      else ring[next] = entry;
      next = (next + 1) % capacity;
    },
    entries: () => (ring.length < capacity ? ring.slice() : [...ring.slice(next), ...ring.slice(0, next)]),
    counts: () => ({ ...counts }),
    total: () => total,
  };
}

export function clip(text: string, max = 512): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
