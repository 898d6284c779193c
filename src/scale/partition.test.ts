import { describe, expect, it } from 'vitest';
import { makeVin } from '../kernel';
import { newRun, ownedPartitions, partitionOf, streamOf, subjectOf } from './partition';

describe('partitioning', () => {
  it('maps a VIN to one stable partition and spreads a fleet', () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 800; i++) counts[partitionOf(makeVin('1HG', 'CM826', 'R', 'A', i), 8)]++;
    for (const c of counts) expect(c).toBeGreaterThan(50);
    expect(partitionOf('1HGCM82633A004352', 8)).toBe(partitionOf('1HGCM82633A004352', 8));
  });

  it('gives every partition to exactly one of N workers', () => {
    const all = [0, 1, 2].flatMap((i) => ownedPartitions(i, 3, 8)).sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(subjectOf({ prefix: 'fc.tlm', partitions: 8 }, 3)).toBe('fc.tlm.p.3');
    expect(streamOf({ prefix: 'fc.tlm.r1', partitions: 8 }, 3)).toBe('FC_TLM_R1_P3');
  });

  it('skips what the mark covers and stops at a gap', () => {
    expect(newRun([5, 6, 7], 4)).toEqual({ skip: 0, take: 3, gap: false });
    expect(newRun([3, 4, 5, 6], 4)).toEqual({ skip: 2, take: 2, gap: false });
    expect(newRun([5, 7, 8], 4)).toEqual({ skip: 0, take: 1, gap: true });
    expect(newRun([9], 4)).toEqual({ skip: 0, take: 0, gap: true });
    expect(newRun([1, 2], 4)).toEqual({ skip: 2, take: 0, gap: false });
  });
});
