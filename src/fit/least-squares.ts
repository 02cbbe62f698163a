/**
 * Ordinary least squares: the coefficients b minimising |X b − y|², from the normal equations by
 * Gauss–Jordan elimination with partial pivoting (the systems here have two or three unknowns).
 */
export function leastSquares(rows: readonly (readonly number[])[], y: readonly number[]): number[] {
  const k = rows[0]?.length ?? 0;
  const a = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k + 1 }, (_, j) =>
      rows.reduce((sum, row, n) => sum + (row[i] ?? 0) * (j < k ? (row[j] ?? 0) : (y[n] ?? 0)), 0),
    ),
  );
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-300) throw new Error("least squares: the features are linearly dependent");
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / p;
      for (let c = col; c <= k; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}

/** Goodness of fit of predictions against measurements. */
export interface FitStats {
  n: number;
  r2: number | null;
  rmse: number;
  mape: number;
  maxAbsError: number;
}

/** R² (null when the measurements do not vary), RMSE, MAPE and the largest absolute error. */
export function fitStats(predicted: readonly number[], measured: readonly number[]): FitStats {
  const n = measured.length;
  const mean = measured.reduce((s, v) => s + v, 0) / n;
  let sse = 0;
  let sst = 0;
  let ape = 0;
  let maxAbs = 0;
  measured.forEach((m, i) => {
    const e = (predicted[i] ?? 0) - m;
    sse += e * e;
    sst += (m - mean) ** 2;
    ape += Math.abs(e / m);
    maxAbs = Math.max(maxAbs, Math.abs(e));
  });
  return { n, r2: sst > 0 ? 1 - sse / sst : null, rmse: Math.sqrt(sse / n), mape: ape / n, maxAbsError: maxAbs };
}

/** The minimum of a unimodal function on [low, high] by golden-section search. */
export function goldenSection(f: (x: number) => number, low: number, high: number, tolerance = 1e-12): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = low;
  let b = high;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  while (b - a > tolerance) {
    if (f(c) < f(d)) b = d;
    else a = c;
    c = b - ratio * (b - a);
    d = a + ratio * (b - a);
  }
  return (a + b) / 2;
}
