/**
 * Seeded, deterministic randomness. Decisions take an `Rng` argument instead of
 * calling Math.random so that every decision replays exactly in a test.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal via Box–Muller. */
  normal(): number;
  pick<T>(items: readonly T[]): T;
  /** A child generator whose stream is independent of this one's future draws. */
  fork(label: string): Rng;
}

/** FNV-1a 32-bit hash of a string; used to derive seeds from labels. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32: small, fast, and good enough for simulation (passes PractRand to 2^40). */
export function createRng(seed: number | string): Rng {
  const s = typeof seed === 'string' ? hashString(seed) : seed >>> 0;
  let a = 0x9e3779b9 ^ s;
  let b = 0x243f6a88 ^ Math.imul(s, 0x85ebca6b);
  let c = 0xb7e15162 ^ Math.imul(s, 0xc2b2ae35);
  let d = s ^ 0x5bd1e995;
  const raw = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) raw();
  let spare: number | undefined;
  const rng: Rng = {
    next: raw,
    int: (n) => Math.floor(raw() * n),
    normal: () => {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = raw();
      const v = raw();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(raw() * items.length)] as (typeof items)[number];
    },
    fork: (label) => createRng((hashString(label) ^ Math.floor(raw() * 4294967296)) >>> 0),
  };
  return rng;
}
