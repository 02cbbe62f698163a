/** A candidate's figures to weigh: lower cost and latency are better, higher quality is. */
interface Weighed {
  monthly_cost: number;
  latency_ms: number | null;
  quality: number | null;
}

/** Whether `a` is at least as good as `b` in quality: both measured and a ≥ b, or both unknown (an unknown is never above or below a score). */
const qualityAtLeast = (a: Weighed, b: Weighed) => (a.quality === null || b.quality === null ? a.quality === b.quality : a.quality >= b.quality);

/** The drawable points (a latency), cheapest first, then fastest, then best ranked. */
function ordered(points: readonly Weighed[]) {
  return points
    .map((p, index) => ({ p, index, latency: p.latency_ms }))
    .filter((d): d is { p: Weighed; index: number; latency: number } => d.latency !== null && Number.isFinite(d.latency))
    .sort((a, b) => a.p.monthly_cost - b.p.monthly_cost || a.latency - b.latency || a.index - b.index);
}

/**
 * The indices of the points no other beats on both monthly cost and latency, cheapest first: the
 * staircase of the cheapest way to each latency. Of points with equal figures only the first (the best
 * ranked) is kept; a point without a latency is on no frontier.
 */
export function costLatencyFront(points: readonly Weighed[]): number[] {
  const front: number[] = [];
  let fastest = Infinity;
  // Sorted by cost, then latency: a point is beaten exactly when one as cheap or cheaper was as fast or faster.
  for (const d of ordered(points)) {
    if (d.latency < fastest) {
      front.push(d.index);
      fastest = d.latency;
    }
  }
  return front;
}

/**
 * The indices of the points no other beats on monthly cost, latency and quality at once (as good on
 * each, better on one), cheapest first. A quality never measured is neither above nor below a score, so
 * such a point is weighed against the other unknowns only. Of points with equal figures only the first
 * is kept.
 */
export function paretoFront(points: readonly Weighed[]): number[] {
  const list = ordered(points);
  const beats = (a: (typeof list)[number], b: (typeof list)[number]) =>
    a.p.monthly_cost <= b.p.monthly_cost &&
    a.latency <= b.latency &&
    qualityAtLeast(a.p, b.p) &&
    (a.p.monthly_cost < b.p.monthly_cost || a.latency < b.latency || a.p.quality !== b.p.quality);
  const same = (a: (typeof list)[number], b: (typeof list)[number]) => a.p.monthly_cost === b.p.monthly_cost && a.latency === b.latency && a.p.quality === b.p.quality;
  return list.filter((b, j) => !list.some((a, i) => beats(a, b) || (i < j && same(a, b)))).map((d) => d.index);
}
