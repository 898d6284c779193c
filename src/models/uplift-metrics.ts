/**
 * Uplift evaluation metrics, computed the way scikit-uplift (sklift.metrics) does,
 * so that our figures sit beside its published ones:
 * - order by predicted uplift descending; ties keep sklift's order
 *   (numpy mergesort ascending, then reversed: later rows first);
 * - Qini curve: Y_t(k) - Y_c(k) * N_t(k) / N_c(k) at each distinct score;
 * - uplift curve: (Y_t/N_t - Y_c/N_c) * N(k);
 * - Qini AUC and AUUC are normalised: (model - random) / (perfect - random),
 *   with sklift's perfect curves (negative_effect=True for Qini).
 * - uplift@k: response rate of treated minus control among the top k of all rows
 *   ('overall') or the top k of each group ('by_group').
 */
export interface Curve {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export type UpliftAtKStrategy = 'overall' | 'by_group';

function descendingOrder(score: ArrayLike<number>): Uint32Array {
  const n = score.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // Descending score; among ties the later row first (reverse of a stable ascending sort).
  idx.sort((a, b) => score[b]! - score[a]! || b - a);
  return idx;
}

function checkLengths(y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>): void {
  if (y.length !== score.length || y.length !== treatment.length) {
    throw new RangeError(`length mismatch: y ${y.length}, score ${score.length}, treatment ${treatment.length}`);
  }
}

function cumulative(
  y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>,
  point: (all: number, nt: number, yt: number, yc: number) => number,
): Curve {
  checkLengths(y, score, treatment);
  const order = descendingOrder(score);
  const n = order.length;
  const xs: number[] = [0];
  const ys: number[] = [0];
  let nt = 0, yt = 0, yc = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (treatment[i] === 1) { nt++; yt += y[i]!; } else { yc += y[i]!; }
    const last = k === n - 1;
    if (last || score[order[k + 1]!] !== score[i]) {
      xs.push(k + 1);
      ys.push(point(k + 1, nt, yt, yc));
    }
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

export function qiniCurve(y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>): Curve {
  return cumulative(y, score, treatment, (all, nt, yt, yc) => {
    const nc = all - nt;
    return yt - (nc === 0 ? 0 : (yc * nt) / nc);
  });
}

export function upliftCurve(y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>): Curve {
  return cumulative(y, score, treatment, (all, nt, yt, yc) => {
    const nc = all - nt;
    const rt = nt === 0 ? 0 : yt / nt;
    const rc = nc === 0 ? 0 : yc / nc;
    return (rt - rc) * all;
  });
}

/** Trapezoidal area under a curve. */
export function areaUnder(curve: Curve): number {
  let s = 0;
  for (let i = 1; i < curve.x.length; i++) {
    s += ((curve.x[i]! - curve.x[i - 1]!) * (curve.y[i]! + curve.y[i - 1]!)) / 2;
  }
  return s;
}

function normalised(actual: Curve, perfect: Curve): number {
  const xn = perfect.x[perfect.x.length - 1]!;
  const yn = perfect.y[perfect.y.length - 1]!;
  const baseline = (xn * yn) / 2;
  return (areaUnder(actual) - baseline) / (areaUnder(perfect) - baseline);
}

export function perfectQiniCurve(y: ArrayLike<number>, treatment: ArrayLike<number>): Curve {
  const ideal = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) ideal[i] = treatment[i] === 1 ? y[i]! : -y[i]!;
  return qiniCurve(y, ideal, treatment);
}

export function perfectUpliftCurve(y: ArrayLike<number>, treatment: ArrayLike<number>): Curve {
  let controlResponders = 0, treatedNonResponders = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1 && treatment[i] !== 1) controlResponders++;
    if (y[i] === 0 && treatment[i] === 1) treatedNonResponders++;
  }
  const ideal = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const t = treatment[i] === 1 ? 1 : 0;
    const summand = controlResponders > treatedNonResponders ? y[i]! : t;
    ideal[i] = 2 * (y[i] === t ? 1 : 0) + summand;
  }
  return upliftCurve(y, ideal, treatment);
}

/** Normalised Qini AUC as in sklift.metrics.qini_auc_score (negative_effect=True). */
export function qiniAuc(y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>): number {
  return normalised(qiniCurve(y, score, treatment), perfectQiniCurve(y, treatment));
}

/** Normalised area under the uplift curve as in sklift.metrics.uplift_auc_score. */
export function auuc(y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>): number {
  return normalised(upliftCurve(y, score, treatment), perfectUpliftCurve(y, treatment));
}

export function upliftAtK(
  y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>,
  k: number, strategy: UpliftAtKStrategy = 'overall',
): number {
  checkLengths(y, score, treatment);
  if (!(k > 0 && k <= 1)) throw new RangeError(`k must be in (0, 1], got ${k}`);
  const order = descendingOrder(score);
  let nt = 0, nc = 0;
  for (let i = 0; i < treatment.length; i++) if (treatment[i] === 1) nt++; else nc++;
  const limitAll = Math.floor(y.length * k);
  const limitT = Math.floor(nt * k), limitC = Math.floor(nc * k);
  let st = 0, sc = 0, ct = 0, cc = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    const treated = treatment[i] === 1;
    if (strategy === 'overall') {
      if (j >= limitAll) break;
    } else if (treated ? ct >= limitT : cc >= limitC) {
      continue;
    }
    if (treated) { st += y[i]!; ct++; } else { sc += y[i]!; cc++; }
  }
  return (ct === 0 ? NaN : st / ct) - (cc === 0 ? NaN : sc / cc);
}
