import type { ConfigPredictions, ScoredOption } from "./engine.js";
import type { Gate } from "./rejection.js";
import type { Sizing } from "./sizing.js";
import type { Catalog, PlanRequest } from "./types.js";

/** What the gates made of one configuration: its chosen deployment, or turned away by one gate. */
export type Verdict =
  | { kind: "admitted"; config: ConfigPredictions; choice: ScoredOption }
  | { kind: "rejected"; gate: Gate; value: number; limit: number; sizing?: Sizing };

/**
 * Whether a configuration's quality passes the target. A quality the corpus never measured (null) passes
 * unless the request rejects unknown quality; the candidate carries a quality_unknown warning either way.
 */
export function passesQuality(config: ConfigPredictions, request: PlanRequest): boolean {
  const { score } = config.quality;
  if (score === null) return request.unknownQuality !== "reject";
  return score >= request.qualityTarget;
}

/**
 * The gates of one configuration: VRAM, quality, then the deployments that carry the load (none: the
 * capacity gate fails), then the latency SLO and the budget; the cheapest deployment that passes wins
 * (ties: the lower p95, then fewer GPUs, then fewer concurrent requests).
 */
export function judge(catalog: Catalog, request: PlanRequest, config: ConfigPredictions): Verdict {
  if (config.vram.totalGb > request.gpu.vram_gb) {
    return { kind: "rejected", gate: "vram", value: config.vram.totalGb, limit: request.gpu.vram_gb };
  }
  if (!passesQuality(config, request)) {
    return { kind: "rejected", gate: "quality", value: config.quality.score ?? Number.NaN, limit: request.qualityTarget };
  }
  const outcome = catalog.engine.choose(config, request);
  if (outcome.kind === "none") {
    const most = Math.max(...catalog.engine.deployments(config, request).map((s) => s.totalTps));
    return { kind: "rejected", gate: "throughput", value: request.requestRate * request.avgTokens, limit: most };
  }
  if (outcome.kind === "slow") {
    return { kind: "rejected", gate: "latency", value: outcome.best.p95Ms, limit: request.latencySloMs, sizing: outcome.best.sizing };
  }
  const { cheapest } = outcome;
  if (cheapest.monthlyCost > request.budget) {
    return { kind: "rejected", gate: "budget", value: cheapest.monthlyCost, limit: request.budget, sizing: cheapest.sizing };
  }
  return { kind: "admitted", config, choice: cheapest };
}
