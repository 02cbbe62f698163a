import { PERCENTILES, type Quantiles } from "../laws/queue.js";

/** Bins per decade: percentiles to within 1%. */
const BINS_PER_DECADE = 240;
/** The range held: 1 µs to 10,000 s. */
const LOW_S = 1e-6;
const DECADES = 10;

/**
 * A weighted histogram of durations on log-spaced bins: a run's inter-token latencies number in the
 * millions and are added in weighted stretches, so they are binned rather than kept.
 */
export class Histogram {
  private readonly counts = new Float64Array(BINS_PER_DECADE * DECADES + 1);
  private total = 0;

  /** Adds `weight` samples of `seconds`. */
  add(seconds: number, weight: number): void {
    if (!(weight > 0) || !Number.isFinite(seconds)) return;
    const bin = Math.min(this.counts.length - 1, Math.max(0, Math.round(Math.log10(Math.max(seconds, LOW_S) / LOW_S) * BINS_PER_DECADE)));
    this.counts[bin]! += weight;
    this.total += weight;
  }

  /** Each reported percentile, milliseconds (NaN when empty): one pass over the bins for all of them, in rising order. */
  quantiles(): Quantiles {
    const result = Object.fromEntries(PERCENTILES.map((p) => [`p${p}`, NaN])) as Quantiles;
    if (this.total === 0) return result;
    let k = 0;
    let seen = 0;
    for (let i = 0; i < this.counts.length && k < PERCENTILES.length; i++) {
      seen += this.counts[i]!;
      // The first bin at which the running count reaches a percentile's share of the total is that percentile.
      while (k < PERCENTILES.length && seen >= (PERCENTILES[k]! / 100) * this.total) {
        result[`p${PERCENTILES[k]!}`] = LOW_S * 10 ** (i / BINS_PER_DECADE) * 1000;
        k++;
      }
    }
    return result;
  }
}
