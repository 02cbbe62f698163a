import type { ConfigPredictions } from "../engines/engine.js";
import type { Admission } from "./ranking.js";
import type { Gate } from "./rejection.js";
import type { Sizing } from "../laws/sizing.js";
import type { Catalog, Scenario } from "../catalog/types.js";
import { latencyAt, latencyMiss } from "../laws/queue.js";
import { billed, priceKnown } from "./billing.js";
import { generatedTokens } from "./workload.js";
import { publishedQualityOf, qualityVerdict, type QualityScale, type QualityVerdict } from "./quality-verdict.js";

/** What the gates made of one configuration: its chosen deployment, or turned away by one gate. */
export type Verdict =
  | ({ kind: "admitted" } & Admission)
  | { kind: "rejected"; gate: Gate; value: number | null; limit: number; sizing?: Sizing; scale?: QualityScale };

/** The quality gate's verdict on a configuration (see qualityVerdict): TR124/TR125 first, the published benchmark when asked, else the policy. */
export function judgeQuality(catalog: Catalog, config: ConfigPredictions, request: Scenario, published = publishedQualityOf(catalog, config.model, config.quant)): QualityVerdict {
  return qualityVerdict(config.quality, published, request);
}

/**
 * Whether a configuration's quality passes the target. A quality the corpus never measured (null) passes
 * unless the request rejects unknown quality or a published score falls short of its own target; the
 * candidate carries a quality_unknown (or quality_published_gate) warning either way.
 */
export function passesQuality(catalog: Catalog, config: ConfigPredictions, request: Scenario): boolean {
  return judgeQuality(catalog, config, request).passed;
}

/**
 * The gates a configuration meets before any load: the context within the model's window (when the laws
 * gate it) and VRAM. The rejection, or undefined when it passes both.
 */
export function unfitting(request: Scenario, config: ConfigPredictions, gates: readonly Gate[]): Extract<Verdict, { kind: "rejected" }> | undefined {
  if (gates.includes("context") && request.contextLength > config.model.context_window) {
    return { kind: "rejected", gate: "context", value: request.contextLength, limit: config.model.context_window };
  }
  if (config.vram.totalGb > config.vramLimitGb) {
    return { kind: "rejected", gate: "vram", value: config.vram.totalGb, limit: config.vramLimitGb };
  }
  return undefined;
}

/**
 * The gates of one configuration: the context within the model's window (the physics), VRAM, quality,
 * then the deployments that carry the load (none: the capacity gate fails), then the latency SLOs and
 * the budget; the cheapest deployment that passes wins (ties: the lower latency, then fewer GPUs, then fewer
 * concurrent requests). It is chosen on its GPUs' price; owned hardware's energy then joins its cost. A
 * GPU whose price is unknown cannot meet a budget.
 */
export function judge(catalog: Catalog, request: Scenario, config: ConfigPredictions, gates: readonly Gate[]): Verdict {
  const unfit = unfitting(request, config, gates);
  if (unfit) return unfit;
  const published = publishedQualityOf(catalog, config.model, config.quant);
  const quality = judgeQuality(catalog, config, request, published);
  if (!quality.passed) return { kind: "rejected", gate: "quality", value: quality.value, limit: quality.limit, scale: quality.scale };
  const outcome = catalog.engine.choose(config, request);
  if (outcome.kind === "none") {
    const most = catalog.engine.mostTps(config, request);
    return { kind: "rejected", gate: "capacity", value: request.requestRate * generatedTokens(request), limit: most };
  }
  if (outcome.kind === "slow") {
    const { best } = outcome;
    const miss = latencyMiss(best.latency, request) ?? { gate: "latency", value: latencyAt(best.latency, "e2e", request.percentile), limit: request.latencySloMs };
    return { kind: "rejected", ...miss, sizing: best.sizing };
  }
  if (!priceKnown(request) && Number.isFinite(request.budgetUsdPerMonth)) {
    return { kind: "rejected", gate: "budget", value: null, limit: request.budgetUsdPerMonth, sizing: outcome.cheapest.sizing };
  }
  const cheapest = billed(request, outcome.cheapest);
  if (cheapest.monthlyCost > request.budgetUsdPerMonth) {
    return { kind: "rejected", gate: "budget", value: cheapest.monthlyCost, limit: request.budgetUsdPerMonth, sizing: cheapest.sizing };
  }
  return { kind: "admitted", config, choice: cheapest, published };
}
