import { solveSpd, type Matrix } from './matrix';

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS), and ridge
 * regression for continuous outcomes. Features are standardised internally so one
 * `l2` works across scales; the intercept is not penalised.
 */
export interface LinearModel {
  readonly kind: 'logistic' | 'ridge';
  /** Coefficients on the original feature scale; `intercept` separate. */
  readonly weights: Float64Array;
  readonly intercept: number;
  readonly iterations: number;
  predict(x: Matrix): Float64Array;
}

export interface LinearParams {
  /** L2 penalty per standardised coefficient, scaled by the number of rows. Default 1e-3. */
  readonly l2?: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

interface Scaling { mu: Float64Array; sd: Float64Array }

function scaling(x: Matrix, w: Float64Array | undefined): Scaling {
  const { rows, cols, values } = x;
  const mu = new Float64Array(cols), sd = new Float64Array(cols);
  let tw = 0;
  for (let i = 0; i < rows; i++) {
    const wi = w ? w[i]! : 1;
    tw += wi;
    for (let j = 0; j < cols; j++) mu[j]! += wi * values[i * cols + j]!;
  }
  for (let j = 0; j < cols; j++) mu[j]! /= tw;
  for (let i = 0; i < rows; i++) {
    const wi = w ? w[i]! : 1;
    for (let j = 0; j < cols; j++) { const d = values[i * cols + j]! - mu[j]!; sd[j]! += wi * d * d; }
  }
  for (let j = 0; j < cols; j++) { const s = Math.sqrt(sd[j]! / tw); sd[j] = s > 1e-12 ? s : 1; }
  return { mu, sd };
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function fitLinear(kind: 'logistic' | 'ridge', x: Matrix, y: Float64Array, params: LinearParams, sampleWeight?: Float64Array): LinearModel {
  const { rows, cols, values } = x;
  if (y.length !== rows) throw new RangeError(`y length ${y.length} != rows ${rows}`);
  const { mu, sd } = scaling(x, sampleWeight);
  const p = cols + 1; // standardised features then intercept
  const lambda = (params.l2 ?? 1e-3) * rows;
  const maxIt = params.maxIterations ?? (kind === 'ridge' ? 1 : 50);
  const tol = params.tolerance ?? 1e-8;
  const beta = new Float64Array(p);
  const z = new Float64Array(p);
  let it = 0;
  for (; it < maxIt; it++) {
    const h = new Float64Array(p * p);
    const g = new Float64Array(p);
    for (let i = 0; i < rows; i++) {
      const wi = sampleWeight ? sampleWeight[i]! : 1;
      let eta = beta[cols]!;
      for (let j = 0; j < cols; j++) { z[j] = (values[i * cols + j]! - mu[j]!) / sd[j]!; eta += beta[j]! * z[j]!; }
      z[cols] = 1;
      let resid: number, curv: number;
      if (kind === 'logistic') { const pr = sigmoid(eta); resid = pr - y[i]!; curv = Math.max(pr * (1 - pr), 1e-10); } else { resid = eta - y[i]!; curv = 1; }
      resid *= wi; curv *= wi;
      for (let a = 0; a < p; a++) {
        const za = z[a]!;
        g[a]! += resid * za;
        const cz = curv * za;
        for (let b = 0; b <= a; b++) h[a * p + b]! += cz * z[b]!;
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) h[b * p + a] = h[a * p + b]!;
    for (let j = 0; j < cols; j++) { h[j * p + j]! += lambda; g[j]! += lambda * beta[j]!; }
    h[cols * p + cols]! += 1e-9;
    const step = solveSpd(h, g, p);
    let size = 0;
    for (let a = 0; a < p; a++) { beta[a]! -= step[a]!; size = Math.max(size, Math.abs(step[a]!)); }
    if (size < tol) { it++; break; }
  }
  const weights = new Float64Array(cols);
  let intercept = beta[cols]!;
  for (let j = 0; j < cols; j++) { weights[j] = beta[j]! / sd[j]!; intercept -= weights[j]! * mu[j]!; }
  return {
    kind, weights, intercept, iterations: it,
    predict(m: Matrix): Float64Array {
      if (m.cols !== cols) throw new RangeError(`expected ${cols} columns, got ${m.cols}`);
      const out = new Float64Array(m.rows);
      for (let i = 0; i < m.rows; i++) {
        let eta = intercept;
        for (let j = 0; j < cols; j++) eta += weights[j]! * m.values[i * cols + j]!;
        out[i] = kind === 'logistic' ? sigmoid(eta) : eta;
      }
      return out;
    },
  };
}

/** P(y=1 | x) by L2 logistic regression (Newton / IRLS). y must be 0/1. */
export function fitLogistic(x: Matrix, y: Float64Array, params: LinearParams = {}, sampleWeight?: Float64Array): LinearModel {
  return fitLinear('logistic', x, y, params, sampleWeight);
}

/** E[y | x] by ridge regression (one Newton step is exact). */
export function fitRidge(x: Matrix, y: Float64Array, params: LinearParams = {}, sampleWeight?: Float64Array): LinearModel {
  return fitLinear('ridge', x, y, params, sampleWeight);
}
