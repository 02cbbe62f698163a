import type { Candidate } from "./results.js";

/** The latencies a candidate states at the scope's percentile: time to first token, per output token, end to end. */
export interface LatencyFigures {
  ttftMs: number | null;
  tpotMs: number | null;
  e2eMs: number | null;
}

/**
 * A candidate's latencies at `percentile`: its p95 fields at p95 (the reference gives p95 alone), else its
 * percentiles (the physics).
 */
export function latencyAt(c: Pick<Candidate, "ttft_ms" | "tpot_ms" | "p95_latency_ms" | "percentiles">, percentile: number): LatencyFigures {
  const key = `p${percentile}` as "p50" | "p90" | "p95" | "p99";
  const p = c.percentiles;
  // At p95 the candidate's own fields (rounded as a result rounds them).
  if (p === undefined || key === "p95" || !(key in p.e2e_ms)) return { ttftMs: c.ttft_ms, tpotMs: c.tpot_ms, e2eMs: c.p95_latency_ms };
  return { ttftMs: p.ttft_ms[key], tpotMs: p.tpot_ms[key], e2eMs: p.e2e_ms[key] };
}
