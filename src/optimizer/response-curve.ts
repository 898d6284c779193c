export interface ResponseCurve {
  /** Saturation level: response as spend → ∞. */
  a: number;
  /** Rate: how fast response saturates per unit of spend. */
  b: number;
}

export interface CurveFit extends ResponseCurve {
  rmse: number;
}

export function responseAt(curve: ResponseCurve, spend: number): number {
  return curve.a * (1 - Math.exp(-curve.b * spend));
}

/**
 * Least-squares fit of response = a·(1 − exp(−b·spend)). For a fixed b the best
 * a is closed-form (a = Σ y·f / Σ f², f = 1 − e^{−b·s}), so only b is searched:
 * a log grid, then golden-section refinement of the residual.
 */
export function fitResponseCurve(history: readonly { spend: number; response: number }[]): CurveFit {
  const points = history.filter((h) => Number.isFinite(h.spend) && Number.isFinite(h.response) && h.spend >= 0);
  const maxSpend = Math.max(1e-9, ...points.map((p) => p.spend));
  const residual = (b: number): { a: number; sse: number } => {
    let fy = 0;
    let ff = 0;
    for (const p of points) {
      const f = 1 - Math.exp(-b * p.spend);
      fy += f * p.response;
      ff += f * f;
    }
    const a = ff > 0 ? Math.max(0, fy / ff) : 0;
    let sse = 0;
    for (const p of points) sse += (p.response - a * (1 - Math.exp(-b * p.spend))) ** 2;
    return { a, sse };
  };
  let bestB = 1 / maxSpend;
  let bestSse = Infinity;
  for (let e = -3; e <= 2; e += 0.1) {
    const b = 10 ** e / maxSpend;
    const { sse } = residual(b);
    if (sse < bestSse) { bestSse = sse; bestB = b; }
  }
  let lo = Math.log(bestB) - 0.25;
  let hi = Math.log(bestB) + 0.25;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const x1 = hi - phi * (hi - lo);
    const x2 = lo + phi * (hi - lo);
    if (residual(Math.exp(x1)).sse < residual(Math.exp(x2)).sse) hi = x2; else lo = x1;
  }
  const b = Math.exp((lo + hi) / 2);
  const { a, sse } = residual(b);
  return { a, b, rmse: Math.sqrt(sse / Math.max(1, points.length)) };
}
