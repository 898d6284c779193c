import { describe, expect, it } from 'vitest';
import { ForecourtError } from '../kernel';
import { generateInstance } from './generate-instance';
import { createLocalEvaluator } from './local-evaluator';
import { createShardHost } from './shard-host';
import { ownedShards, shardRanges } from './shard-layout';
import { callChunked, createChunkHost, decodeFrame, encodeFrame, throwIfError, workerSubject } from './shard-protocol';

describe('shard layout', () => {
  it('cuts customers into contiguous shards covering every customer once, and gives each worker a contiguous block', () => {
    const instance = generateInstance({ customers: 1000, candidatesPerCustomer: 6, constraints: 10, seed: 2 });
    const ranges = shardRanges(instance.candidateStart, instance.customerCount, 16);
    expect(ranges).toHaveLength(16);
    expect(ranges[0]!.lo).toBe(0);
    expect(ranges[15]!.hi).toBe(1000);
    for (let s = 1; s < 16; s++) expect(ranges[s]!.lo).toBe(ranges[s - 1]!.hi);
    for (const workers of [1, 2, 3, 4, 16, 20]) {
      const owned = Array.from({ length: workers }, (_, w) => ownedShards(w, workers, 16));
      expect(owned.flat()).toEqual([...Array(16).keys()]);
      for (const o of owned) for (let j = 1; j < o.length; j++) expect(o[j]).toBe(o[j - 1]! + 1);
    }
  });

  it('tiny instances get empty shards rather than an error', () => {
    const instance = generateInstance({ customers: 3, candidatesPerCustomer: 2, constraints: 2, seed: 1 });
    const ranges = shardRanges(instance.candidateStart, 3, 16);
    expect(ranges.reduce((a, r) => a + r.hi - r.lo, 0)).toBe(3);
  });
});

describe('shard frames and chunks', () => {
  it('round-trips typed arrays bit for bit, Infinity included', () => {
    const penalty = Float64Array.from([0, 1 / 3, Infinity, 1e-300, -0]);
    const frame = decodeFrame(encodeFrame({ op: 'x', n: 1 }, [penalty, Int32Array.from([-1, 7]), Float32Array.from([0.1]), Uint8Array.from([1, 0, 1])]));
    expect(frame.meta).toEqual({ op: 'x', n: 1 });
    expect(Array.from(frame.arrays[0]!)).toEqual(Array.from(penalty));
    expect(Object.is(frame.arrays[0]![4], -0)).toBe(true);
    expect(Array.from(frame.arrays[1]!)).toEqual([-1, 7]);
    expect(frame.arrays[2]![0]).toBe(Math.fround(0.1));
    expect(Array.from(frame.arrays[3]!)).toEqual([1, 0, 1]);
  });

  it('rejects malformed frames with VALIDATION_FAILED instead of crashing', () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.from([255, 255, 255, 255, 1]), encodeFrame({ a: 1 }).subarray(0, 6),
      new Uint8Array([...new Uint8Array(new Uint32Array([4]).buffer), 0x5b, 0x31, 0x5d, 0x20])]) {
      expect(() => decodeFrame(bytes)).toThrow(ForecourtError);
    }
    const truncated = encodeFrame({}, [new Float64Array(100)]).subarray(0, 64);
    expect(() => decodeFrame(truncated)).toThrow(/longer than the frame/);
  });

  it('carries a request and its answer across many small chunks', async () => {
    const host = createChunkHost((req) => encodeFrame({ op: 'echo', size: req.length }, [decodeFrame(req).arrays[0]!]), () => 100);
    const data = Float64Array.from({ length: 500 }, (_, i) => i / 7);
    let requests = 0;
    const answer = decodeFrame(await callChunked((h, body) => { requests++; return Promise.resolve(host.receive(h, body)); }, 'c1', encodeFrame({}, [data]), 64));
    expect(Array.from(answer.arrays[0]!)).toEqual(Array.from(data));
    expect(requests).toBeGreaterThan(2 * Math.ceil(4000 / 100));
  });

  it('answers out-of-order parts, unknown requests and unknown solves with an error frame', async () => {
    const chunks = createChunkHost(createShardHost('w').handle, () => 1 << 20);
    const bad = chunks.receive({ call: 'x', op: 'put', part: 3, parts: 4 }, new Uint8Array(8));
    expect(() => throwIfError(decodeFrame(bad.body), '0')).toThrow(/out of order/);
    const host = createShardHost('7');
    expect(() => throwIfError(decodeFrame(host.handle(encodeFrame({ op: 'nonsense' }))), '7')).toThrow(/unknown optimizer shard request/);
    expect(() => throwIfError(decodeFrame(host.handle(encodeFrame({ op: 'evaluate', solve: 's', gamma: 1 }, [new Float64Array(3)]))), '7'))
      .toThrow(/does not hold solve s/);
    expect(() => throwIfError(decodeFrame(host.handle(Uint8Array.from([1, 2]))), '7')).toThrow(/malformed/);
    expect(() => workerSubject('a b', 0)).toThrow(ForecourtError);
  });

  it('a host holding two shards answers exactly what the local evaluator computes for them', async () => {
    const instance = generateInstance({ customers: 400, candidatesPerCustomer: 5, constraints: 8, seed: 3 });
    const ranges = shardRanges(instance.candidateStart, instance.customerCount, 4);
    const host = createShardHost('0');
    const lo = ranges[2]!.lo;
    const hi = ranges[3]!.hi;
    const base = instance.candidateStart[lo]!;
    const end = instance.candidateStart[hi]!;
    const start = Int32Array.from(instance.candidateStart.subarray(lo, hi + 1), (v) => v - base);
    const loaded = decodeFrame(host.handle(encodeFrame(
      { op: 'load', solve: 's', lo, hi, candidateBase: base, optionCount: instance.options.length, sortedByValue: true, shards: [ranges[2], ranges[3]] },
      [start, instance.candidateValue.subarray(base, end), instance.candidateOption.subarray(base, end), instance.holdout.subarray(lo, hi)],
    )));
    expect(loaded.meta.op).toBe('loaded');
    const penalty = new Float64Array(instance.options.length).map((_, p) => (p % 5) * 4);
    const reply = decodeFrame(host.handle(encodeFrame({ op: 'assign', solve: 's', gamma: 3, seed: 9 }, [penalty])));
    const local = await createLocalEvaluator(instance, { shards: 4 }).assign(penalty, 3, 9);
    expect(Array.from(reply.arrays[0]!)).toEqual(Array.from(local.subarray(lo, hi)));
  });
});
