/**
 * Partitioning of telemetry by vehicle: a VIN always maps to the same
 * partition, each partition is its own JetStream stream (so its sequence
 * numbers are contiguous and a gap is detectable), and worker i of N owns the
 * partitions k with k % N === i.
 */
export function partitionOf(vin: string, partitions: number): number {
  // FNV-1a, 32 bit: stable across processes and machines.
  let h = 0x811c9dc5;
  for (let i = 0; i < vin.length; i++) {
    h ^= vin.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

export interface Topology {
  /** Namespace of subjects, streams and counters, e.g. `fc.tlm` in production, a per-run id in tests. */
  prefix: string;
  partitions: number;
}

export const subjectOf = (t: Topology, part: number): string => `${t.prefix}.p.${part}`;
export const streamOf = (t: Topology, part: number): string => `${t.prefix.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_P${part}`;

export function ownedPartitions(index: number, count: number, partitions: number): number[] {
  const owned: number[] = [];
  for (let k = 0; k < partitions; k++) if (k % count === index) owned.push(k);
  return owned;
}

/**
 * The messages of a fetched batch that are new: those after the stored
 * high-water mark, up to the first gap. `gap` is true when the batch does not
 * continue the mark (a lost or reordered delivery), so the consumer must be
 * restarted from `mark + 1`.
 */
export function newRun(seqs: readonly number[], mark: number): { skip: number; take: number; gap: boolean } {
  let skip = 0;
  while (skip < seqs.length && (seqs[skip] as number) <= mark) skip++;
  let expected = mark + 1;
  let take = 0;
  for (let i = skip; i < seqs.length; i++, take++) {
    if (seqs[i] !== expected) break;
    expected++;
  }
  return { skip, take, gap: skip + take < seqs.length };
}
