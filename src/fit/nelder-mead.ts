/**
 * The minimum of `f` near `start` by the Nelder–Mead simplex, restarted from its own answer until it stops
 * improving (a restart shakes off a collapsed simplex). Deterministic: the same inputs give the same
 * answer to the last bit, so the fitted file can be checked against the script.
 */
export function nelderMead(f: (x: readonly number[]) => number, start: readonly number[], step = 0.5, iterations = 4000, tolerance = 1e-14): number[] {
  let best = [...start];
  let bestValue = f(best);
  for (let restart = 0; restart < 8; restart++) {
    const x = simplex(f, best, step, iterations, tolerance);
    const value = f(x);
    if (!(value < bestValue - tolerance * (1 + Math.abs(bestValue)))) break;
    best = x;
    bestValue = value;
  }
  return best;
}

/** One Nelder–Mead run from `start` with an initial simplex of edge `step`. */
function simplex(f: (x: readonly number[]) => number, start: readonly number[], step: number, iterations: number, tolerance: number): number[] {
  const n = start.length;
  let points = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((p) => ({ p: [...p], v: f(p) }));
  const combine = (a: readonly number[], b: readonly number[], t: number) => a.map((ai, i) => ai + t * ((b[i] ?? 0) - ai));
  for (let k = 0; k < iterations; k++) {
    points.sort((a, b) => a.v - b.v);
    const bestV = points[0]!.v;
    const worst = points[n]!;
    if (Math.abs(worst.v - bestV) <= tolerance * (1 + Math.abs(bestV))) break;
    const centroid = start.map((_, i) => points.slice(0, n).reduce((s, q) => s + q.p[i]!, 0) / n);
    const reflected = combine(centroid, worst.p, -1);
    const rv = f(reflected);
    if (rv < bestV) {
      const expanded = combine(centroid, worst.p, -2);
      const ev = f(expanded);
      points[n] = ev < rv ? { p: expanded, v: ev } : { p: reflected, v: rv };
    } else if (rv < points[n - 1]!.v) {
      points[n] = { p: reflected, v: rv };
    } else {
      const contracted = rv < worst.v ? combine(centroid, reflected, 0.5) : combine(centroid, worst.p, 0.5);
      const cv = f(contracted);
      if (cv < Math.min(rv, worst.v)) {
        points[n] = { p: contracted, v: cv };
      } else {
        const first = points[0]!.p;
        points = points.map((q, i) => (i === 0 ? q : { p: combine(first, q.p, 0.5), v: f(combine(first, q.p, 0.5)) }));
      }
    }
  }
  points.sort((a, b) => a.v - b.v);
  return points[0]!.p;
}
