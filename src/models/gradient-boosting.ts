import type { Rng } from '../kernel';
import type { Matrix } from './matrix';

/**
 * Histogram-based gradient-boosted trees (second-order, XGBoost/LightGBM style):
 * features are bucketed once into at most `maxBins` quantile bins (Uint8Array,
 * row-major so one row's bins sit together in cache); each tree is grown depth-first
 * to a fixed depth from gradient and hessian histograms (the smaller child is scanned,
 * the larger one is its parent minus the smaller). Losses: log-loss (0/1 target) and squared loss.
 */
export interface GbtParams {
  readonly loss: 'logloss' | 'squared';
  readonly trees?: number;
  readonly depth?: number;
  readonly learningRate?: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  readonly l2?: number;
  /** Minimum hessian sum in a child (XGBoost's min_child_weight). */
  readonly minChildWeight?: number;
  readonly maxBins?: number;
  /** Row share sampled per tree; < 1 needs an rng. */
  readonly subsample?: number;
}

export interface GbtModel {
  readonly loss: GbtParams['loss'];
  readonly treeCount: number;
  /** Total split gain per feature. */
  readonly featureGain: Float64Array;
  /** Initial raw score (log-odds of the mean for log-loss). */
  readonly base: number;
  /** The fitted trees (node arrays; a leaf has feature -1), for serialisation. */
  readonly trees: readonly GbtTree[];
  /** Raw score (logit for log-loss). */
  predictRaw(x: Matrix): Float64Array;
  /** Probability for log-loss, mean for squared loss. */
  predict(x: Matrix): Float64Array;
}

export interface GbtTree {
  feature: Int32Array;
  bin: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/** Upper bin edges per feature; the last edge is +Infinity. */
export function binEdges(x: Matrix, maxBins: number): Float64Array[] {
  const { rows, cols, values } = x;
  const edges: Float64Array[] = [];
  const col = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) col[i] = values[i * cols + j]!;
    col.sort();
    const unique: number[] = [];
    for (let i = 0; i < rows; i++) if (i === 0 || col[i] !== col[i - 1]) unique.push(col[i]!);
    let e: number[];
    if (unique.length <= maxBins) {
      e = unique;
    } else {
      e = [];
      for (let b = 1; b < maxBins; b++) {
        const v = col[Math.min(rows - 1, Math.floor((b * rows) / maxBins))]!;
        if (e.length === 0 || v > e[e.length - 1]!) e.push(v);
      }
    }
    if (e.length === 0) e.push(0);
    e[e.length - 1] = Infinity;
    edges.push(Float64Array.from(e));
  }
  return edges;
}

function binOf(edges: Float64Array, v: number): number {
  let lo = 0, hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]!) hi = mid; else lo = mid + 1;
  }
  return lo;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function fitGbt(x: Matrix, y: Float64Array, params: GbtParams, rng?: Rng, sampleWeight?: Float64Array): GbtModel {
  const { rows: n, cols } = x;
  if (y.length !== n) throw new RangeError(`y length ${y.length} != rows ${n}`);
  const nTrees = params.trees ?? 100;
  const maxDepth = params.depth ?? 3;
  const eta = params.learningRate ?? 0.1;
  const lambda = params.l2 ?? 1;
  const minChild = params.minChildWeight ?? 1;
  const maxBins = Math.min(params.maxBins ?? 64, 256);
  const subsample = params.subsample ?? 1;
  if (subsample < 1 && !rng) throw new RangeError('subsample < 1 needs an rng');
  const logloss = params.loss === 'logloss';

  const edges = binEdges(x, maxBins);
  const binned = new Uint8Array(cols * n);
  for (let j = 0; j < cols; j++) {
    const e = edges[j]!;
    for (let i = 0; i < n; i++) binned[i * cols + j] = binOf(e, x.values[i * cols + j]!);
  }

  let wsum = 0, ysum = 0;
  for (let i = 0; i < n; i++) { const w = sampleWeight ? sampleWeight[i]! : 1; wsum += w; ysum += w * y[i]!; }
  const ybar = ysum / wsum;
  const base = logloss ? Math.log(Math.min(Math.max(ybar, 1e-6), 1 - 1e-6) / (1 - Math.min(Math.max(ybar, 1e-6), 1 - 1e-6))) : ybar;

  const f = new Float64Array(n).fill(base);
  const g = new Float64Array(n), h = new Float64Array(n);
  const featureGain = new Float64Array(cols);
  const trees: GbtTree[] = [];
  const idx = new Uint32Array(n);
  const hsize = cols * maxBins;

  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) {
      const w = sampleWeight ? sampleWeight[i]! : 1;
      if (logloss) { const p = sigmoid(f[i]!); g[i] = w * (p - y[i]!); h[i] = w * Math.max(p * (1 - p), 1e-12); } else { g[i] = w * (f[i]! - y[i]!); h[i] = w; }
    }
    let m = 0;
    for (let i = 0; i < n; i++) if (subsample >= 1 || rng!.next() < subsample) idx[m++] = i;

    const feature: number[] = [], bin: number[] = [], threshold: number[] = [], left: number[] = [], right: number[] = [], value: number[] = [];
    const newNode = (): number => { feature.push(-1); bin.push(0); threshold.push(0); left.push(-1); right.push(-1); value.push(0); return feature.length - 1; };
    /** Gradient sums (first half) and hessian sums (second half) per feature bin over idx[start, end). */
    const buildHist = (start: number, end: number): Float64Array => {
      const hist = new Float64Array(2 * hsize);
      for (let k = start; k < end; k++) {
        const r = idx[k]!, gr = g[r]!, hr = h[r]!, off = r * cols;
        for (let j = 0; j < cols; j++) { const b = j * maxBins + binned[off + j]!; hist[b]! += gr; hist[hsize + b]! += hr; }
      }
      return hist;
    };
    const stack: { node: number; start: number; end: number; depth: number; hist: Float64Array | null }[] = [{ node: newNode(), start: 0, end: m, depth: 0, hist: null }];
    while (stack.length > 0) {
      const { node, start, end, depth, hist: given } = stack.pop()!;
      let G = 0, H = 0;
      for (let k = start; k < end; k++) { const r = idx[k]!; G += g[r]!; H += h[r]!; }
      value[node] = (-G / (H + lambda)) * eta;
      if (depth >= maxDepth || end - start < 2 || H < 2 * minChild) continue;
      const hist = given ?? buildHist(start, end);
      const parentScore = (G * G) / (H + lambda);
      let bestGain = 1e-12, bestF = -1, bestB = -1;
      for (let j = 0; j < cols; j++) {
        const nb = edges[j]!.length, hoff = j * maxBins;
        let gl = 0, hl = 0;
        for (let b = 0; b < nb - 1; b++) {
          gl += hist[hoff + b]!; hl += hist[hsize + hoff + b]!;
          const hr = H - hl;
          if (hl < minChild) continue;
          if (hr < minChild) break;
          const gr = G - gl;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
          if (gain > bestGain) { bestGain = gain; bestF = j; bestB = b; }
        }
      }
      if (bestF < 0) continue;
      featureGain[bestF]! += bestGain;
      let i = start, k = end - 1;
      while (i <= k) {
        if (binned[idx[i]! * cols + bestF]! <= bestB) i++;
        else { const tmp = idx[i]!; idx[i] = idx[k]!; idx[k] = tmp; k--; }
      }
      const l = newNode(), r = newNode();
      feature[node] = bestF; bin[node] = bestB; threshold[node] = edges[bestF]![bestB]!; left[node] = l; right[node] = r;
      // Histogram subtraction: scan only the smaller child; the larger one is parent minus smaller.
      let leftHist: Float64Array | null = null, rightHist: Float64Array | null = null;
      if (depth + 1 < maxDepth) {
        const leftSmaller = i - start <= end - i;
        const small = leftSmaller ? buildHist(start, i) : buildHist(i, end);
        for (let t = 0; t < hist.length; t++) hist[t]! -= small[t]!;
        leftHist = leftSmaller ? small : hist;
        rightHist = leftSmaller ? hist : small;
      }
      stack.push({ node: l, start, end: i, depth: depth + 1, hist: leftHist }, { node: r, start: i, end, depth: depth + 1, hist: rightHist });
    }
    const tree: GbtTree = {
      feature: Int32Array.from(feature), bin: Int32Array.from(bin), threshold: Float64Array.from(threshold),
      left: Int32Array.from(left), right: Int32Array.from(right), value: Float64Array.from(value),
    };
    trees.push(tree);
    for (let r = 0; r < n; r++) {
      let node = 0;
      while (tree.feature[node]! >= 0) node = binned[r * cols + tree.feature[node]!]! <= tree.bin[node]! ? tree.left[node]! : tree.right[node]!;
      f[r]! += tree.value[node]!;
    }
  }

  const predictRaw = (m: Matrix): Float64Array => {
    if (m.cols !== cols) throw new RangeError(`expected ${cols} columns, got ${m.cols}`);
    const out = new Float64Array(m.rows).fill(base);
    for (const tree of trees) {
      for (let r = 0; r < m.rows; r++) {
        let node = 0;
        while (tree.feature[node]! >= 0) node = m.values[r * cols + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
        out[r]! += tree.value[node]!;
      }
    }
    return out;
  };
  return {
    loss: params.loss, treeCount: trees.length, featureGain, base, trees, predictRaw,
    predict: (m) => {
      const raw = predictRaw(m);
      if (logloss) for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]!);
      return raw;
    },
  };
}
