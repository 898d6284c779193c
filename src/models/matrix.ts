/**
 * Dense row-major matrix over a Float64Array. Learners take this instead of
 * arrays of objects so that training loops stay on typed arrays.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float64Array;
}

export function createMatrix(rows: number, cols: number, values?: Float64Array): Matrix {
  const v = values ?? new Float64Array(rows * cols);
  if (v.length !== rows * cols) throw new RangeError(`matrix values length ${v.length} != ${rows}x${cols}`);
  return { rows, cols, values: v };
}

export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const m = createMatrix(rows.length, cols);
  rows.forEach((r, i) => m.values.set(r, i * cols));
  return m;
}

/** Rows picked by index, in the order given. */
export function takeRows(m: Matrix, index: ArrayLike<number>): Matrix {
  const out = createMatrix(index.length, m.cols);
  for (let i = 0; i < index.length; i++) {
    const src = index[i]! * m.cols;
    out.values.set(m.values.subarray(src, src + m.cols), i * m.cols);
  }
  return out;
}

export function takeValues(v: Float64Array, index: ArrayLike<number>): Float64Array {
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = v[index[i]!]!;
  return out;
}

/** Indices i where pred(i) holds, as a compact Uint32Array. */
export function whereIndex(n: number, pred: (i: number) => boolean): Uint32Array {
  const tmp = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (pred(i)) tmp[k++] = i;
  return tmp.slice(0, k);
}

export function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return v.length === 0 ? NaN : s / v.length;
}

/**
 * Solve A x = b for symmetric positive definite A (n x n, row-major) by Cholesky.
 * A small ridge is added on the diagonal if the factorisation meets a non-positive pivot.
 */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  let jitter = 0;
  for (let attempt = 0; attempt < 6; attempt++) {
    const l = new Float64Array(n * n);
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = a[i * n + j]! + (i === j ? jitter : 0);
        for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
        if (i === j) {
          if (s <= 0) { ok = false; break; }
          l[i * n + i] = Math.sqrt(s);
        } else {
          l[i * n + j] = s / l[j * n + j]!;
        }
      }
    }
    if (ok) {
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = b[i]!;
        for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
        y[i] = s / l[i * n + i]!;
      }
      const x = new Float64Array(n);
      for (let i = n - 1; i >= 0; i--) {
        let s = y[i]!;
        for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
        x[i] = s / l[i * n + i]!;
      }
      return x;
    }
    jitter = jitter === 0 ? 1e-10 : jitter * 100;
  }
  throw new RangeError('matrix is not positive definite');
}

/** Lower-triangular Cholesky factor L of a symmetric positive definite A (A = L Lᵀ). */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (s <= 0) throw new RangeError('matrix is not positive definite');
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  return l;
}
