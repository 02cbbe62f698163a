import type { ModelValidation, ValidationReport } from "./validation.js";

/** How far one set's predictions of some points are off: the median and the worst absolute error, relative to the measured value. */
export interface ErrorSummary {
  /** Points the set predicts. */
  n: number;
  /** The median of |predicted − measured| / measured; null when it predicts none. */
  median_abs_error: number | null;
  /** The largest, and its point; null when it predicts none. */
  worst_abs_error: number | null;
  worst_point: string | null;
}

/** One validated quantity in a line: its points, fitted and held out, and each set's errors on each. */
export interface MetricSummary {
  name: ModelValidation["name"];
  quantity: string;
  unit: string;
  backend?: string;
  platform?: string;
  /** Measured points: those the default coefficients were fitted on (in-sample), and the others. */
  points: { in_sample: number; held_out: number };
  /** Per coefficient set, by name. */
  sets: Record<string, { in_sample: ErrorSummary; held_out: ErrorSummary }>;
}

/** The median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The errors of `set` on `points`, of those it predicts. */
function errorsOf(points: ModelValidation["points"], set: string): ErrorSummary {
  const errors = points.flatMap((p) => {
    const predicted = p.predicted[set];
    return predicted === null || predicted === undefined ? [] : [{ label: p.label, error: Math.abs(predicted - p.measured) / Math.abs(p.measured) }];
  });
  if (errors.length === 0) return { n: 0, median_abs_error: null, worst_abs_error: null, worst_point: null };
  const worst = errors.reduce((a, b) => (b.error > a.error ? b : a));
  return { n: errors.length, median_abs_error: median(errors.map((e) => e.error)), worst_abs_error: worst.error, worst_point: worst.label };
}

/**
 * The report in one line per validated quantity: for each coefficient set, the median and worst absolute
 * relative error on the points the default coefficients were fitted on and on the others, apart (a fit
 * is judged by the points it never saw).
 */
export function summariseValidation(report: ValidationReport): MetricSummary[] {
  const sets = Object.keys(report.coefficients);
  return report.models.map((m) => {
    const fitted = m.points.filter((p) => p.in_sample);
    const held = m.points.filter((p) => !p.in_sample);
    return {
      name: m.name,
      quantity: m.quantity,
      unit: m.unit,
      ...(m.backend !== undefined ? { backend: m.backend } : {}),
      ...(m.platform !== undefined ? { platform: m.platform } : {}),
      points: { in_sample: fitted.length, held_out: held.length },
      sets: Object.fromEntries(sets.map((s) => [s, { in_sample: errorsOf(fitted, s), held_out: errorsOf(held, s) }])),
    };
  });
}
