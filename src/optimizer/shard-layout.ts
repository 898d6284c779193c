/**
 * How customers are cut into shards for distributed dual evaluation, and which
 * worker owns which shard. Pure: the coordinator, every worker and the local
 * evaluator compute the same layout from the instance alone.
 *
 * Shards are contiguous customer ranges of about equal candidate count, and
 * their number is fixed per solve (default 16), independent of how many
 * workers there are. Per-shard sums are added up in shard order everywhere, so
 * the floating-point result is the same on one process, 1, 2 or 4 workers.
 */
export const defaultShardCount = 16;

export interface ShardRange {
  shard: number;
  /** First customer of the shard. */
  lo: number;
  /** One past the last customer. */
  hi: number;
}

/** `shardCount` contiguous ranges of about equal candidate count (some may be empty on tiny instances). */
export function shardRanges(candidateStart: Int32Array, customerCount: number, shardCount: number): ShardRange[] {
  const count = Math.max(1, Math.floor(shardCount));
  const total = candidateStart[customerCount]!;
  const ranges: ShardRange[] = [];
  let i = 0;
  for (let s = 0; s < count; s++) {
    const lo = i;
    if (s === count - 1) i = customerCount;
    else {
      const target = (total * (s + 1)) / count;
      while (i < customerCount && candidateStart[i]! < target) i++;
    }
    ranges.push({ shard: s, lo, hi: i });
  }
  return ranges;
}

/**
 * Worker `index` of `workers` owns a contiguous block of shards
 * (⌊index·S/W⌋ … ⌊(index+1)·S/W⌋), so it holds one contiguous customer range.
 * A worker beyond the shard count owns nothing.
 */
export function ownedShards(index: number, workers: number, shardCount: number): number[] {
  const from = Math.floor((index * shardCount) / workers);
  const to = Math.floor(((index + 1) * shardCount) / workers);
  const owned: number[] = [];
  for (let s = from; s < to; s++) owned.push(s);
  return owned;
}
