import type { QualityScale } from "./quality-verdict.js";

/**
 * The gates in the order the search applies them: the context fits the model's trained window (the
 * physics only), VRAM, quality, capacity (whether the most GPUs allowed carry the load at all), the
 * latency SLO, the time-to-first-token and time-per-output-token SLOs (when asked for), all at the
 * request's percentile, and the budget.
 */
export const GATES = ["context", "vram", "quality", "capacity", "latency", "ttft", "tpot", "budget"] as const;

export type Gate = (typeof GATES)[number];

/** The gates a request meets: the context gate with the physics only, the first-token, per-token and budget gates only when asked for. */
export function gatesOf(gatesContext: boolean, request: { ttftSloMs?: number | undefined; tpotSloMs?: number | undefined; budgetUsdPerMonth?: number | undefined }): Gate[] {
  return GATES.filter(
    (g) =>
      (g !== "context" || gatesContext) &&
      (g !== "ttft" || request.ttftSloMs !== undefined) &&
      (g !== "tpot" || request.tpotSloMs !== undefined) &&
      (g !== "budget" || request.budgetUsdPerMonth === undefined || Number.isFinite(request.budgetUsdPerMonth)),
  );
}

/** A (model, quant, backend) a gate turned away: the predicted value and the limit it broke. */
export interface Rejection {
  model: string;
  quant: string;
  backend: string;
  /** GPUs per replica the configuration was judged on. */
  gpus_per_replica: number;
  gate: Gate;
  /** The prediction that failed: tokens, GB, quality score (on `scale`), tok/s demanded, p95 ms, or dollars per month; null for a quality never measured. */
  value: number | null;
  /**
   * The limit it failed against, in the same unit (the capacity gate: what the most GPUs allowed carry,
   * tok/s).
   */
  limit: number;
  /** The quality gate: which score it judged (tr: TR124/TR125; published: the published benchmark; none: never measured). */
  scale?: QualityScale;
  /** The deployment judged, for the latency, first-token and budget gates. */
  replicas?: number;
  gpus_billed?: number;
  concurrency?: number;
}
