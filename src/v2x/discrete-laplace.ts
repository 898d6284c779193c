import type { Rng } from '../kernel';

/**
 * Integer-valued (discrete) Laplace noise with scale `scale`: the difference
 * of two geometric variables with success probability 1 − e^(−1/scale).
 * Integer noise avoids the floating-point attacks on the continuous Laplace
 * mechanism (Mironov 2012). Randomness is passed in.
 */
export function discreteLaplace(scale: number, rng: Rng): number {
  if (!(scale > 0)) return 0;
  const q = Math.exp(-1 / scale);
  const geometric = (): number => {
    let u = rng.next();
    while (u === 0) u = rng.next();
    return Math.floor(Math.log(u) / Math.log(q));
  };
  return geometric() - geometric();
}
