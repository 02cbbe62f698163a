import { costPerMillionTokens, monthlyCost } from "../laws/cost.js";
import type { ConfigPredictions, VramBreakdown } from "../engines/engine.js";
import type { LatencyPrediction } from "../laws/queue.js";
import { energyOf, priceKnown, type Energy } from "./billing.js";
import { provenanceOf, type Provenance } from "./provenance.js";
import type { Sizing } from "../laws/sizing.js";
import type { Catalog, Scenario } from "../catalog/types.js";
import { withSequences } from "../laws/vram.js";
import type { PublishedQuality } from "../laws/quality.js";
import { publishedQualityOf, qualityVerdict } from "./quality-verdict.js";
import { MANY_GPUS, VRAM_HEADROOM, type PlanWarning } from "./warnings.js";

/** A deployed configuration with all six predictions made. */
export interface Evaluation extends ConfigPredictions {
  sizing: Sizing;
  /** VRAM per GPU with the deployment's concurrent sequences. */
  deployedVram: VramBreakdown;
  latency: LatencyPrediction;
  /** Monthly cost of all GPUs (and the energy owned hardware is billed for), dollars; at the stand-in price when unknown. */
  monthlyCost: number;
  /** Dollars per million generated tokens (output and hidden reasoning) at full load. */
  costPerMillionTokens: number;
  /** Output (delivered) tokens and hidden reasoning tokens per request: a delivered token costs (output + reasoning) / output generated ones. */
  outputTokens: number;
  reasoningTokens: number;
  /** Whether the GPU's price is known: without it the costs above are a stand-in, not reported. */
  costKnown: boolean;
  /** What the deployment draws in a month, and its cost when billed. */
  energy: Energy;
  saturated: boolean;
  /** The published benchmark's score, kept apart from `quality` (TR124/TR125); null when it has none. */
  published: PublishedQuality | null;
  warnings: PlanWarning[];
  provenance: Provenance;
}

/** The warnings every engine raises about a deployed configuration. */
function warningsOf(
  config: ConfigPredictions,
  published: PublishedQuality | null,
  sizing: Sizing,
  scenario: Scenario,
  deployedVram: VramBreakdown,
  latency: LatencyPrediction,
  safety: number,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  if (latency.utilisation > safety) warnings.push({ code: "saturated", utilisation: latency.utilisation, limit: safety });
  if (config.quality.tier === "concerning") warnings.push({ code: "quality_concerning", tier: "concerning" });
  const verdict = qualityVerdict(config.quality, published, scenario);
  if (verdict.scale === "published" && published) {
    warnings.push({ code: "quality_published_gate", benchmark: published.benchmark, score: published.score, target: verdict.limit, source: published.source });
  } else if (config.quality.source === "unknown") {
    warnings.push({ code: "quality_unknown", assumed: config.quality.score });
  }
  if (sizing.gpusBilled > MANY_GPUS) warnings.push({ code: "many_gpus", gpus_billed: sizing.gpusBilled, limit: MANY_GPUS });
  // A backend that allocates its share up front fills it by design: only VRAM that grows with load risks running out.
  const share = deployedVram.totalGb / config.vramLimitGb;
  if (!config.allocatedVram && share > VRAM_HEADROOM) warnings.push({ code: "vram_headroom", vram_share: share, limit: VRAM_HEADROOM });
  if (sizing.concurrency > config.concurrency.maxConcurrency) {
    warnings.push({ code: "concurrency_extrapolated", concurrency: sizing.concurrency, measured: config.concurrency.maxConcurrency });
  }
  if (config.prefill.source === "unknown") warnings.push({ code: "prefill_unknown", gpu: scenario.gpu.name });
  if (config.throughput.capped) warnings.push({ code: "throughput_capped", ceiling_tps: config.throughput.ceilingTps });
  return warnings;
}

/** Latency, cost, warnings and provenance of a configuration deployed as `sizing`. */
export function evaluate(catalog: Catalog, scenario: Scenario, config: ConfigPredictions, sizing: Sizing): Evaluation {
  const { engine } = catalog;
  const latency = engine.latency(config, sizing, scenario);
  const deployedVram = config.allocatedVram ?? withSequences(config.vram, config.kvPerSequenceGb, sizing.kvSequences);
  const safety = catalog.fitted.latency.safety_factor;
  const energy = energyOf(scenario, sizing.gpusBilled, latency.utilisation);
  const energyUsd = energy.usdPerMonth ?? 0;
  const costKnown = priceKnown(scenario);
  const published = publishedQualityOf(catalog, config.model, config.quant);
  return {
    ...config,
    sizing,
    deployedVram,
    latency,
    monthlyCost: monthlyCost(scenario.gpu.usd_per_hour) * sizing.gpusBilled + energyUsd,
    // A month is 24 × 30 hours (monthlyCost): the energy's dollars per hour join the GPUs'.
    costPerMillionTokens: costPerMillionTokens(sizing.hourlyCostForTokens + energyUsd / monthlyCost(1), sizing.totalTps),
    outputTokens: scenario.outputTokens,
    reasoningTokens: scenario.reasoningTokens ?? 0,
    costKnown,
    energy,
    saturated: latency.utilisation > safety,
    published,
    warnings: [...warningsOf(config, published, sizing, scenario, deployedVram, latency, safety), ...engine.warnings(config, sizing, scenario)],
    provenance: provenanceOf(config, sizing.concurrency, { costKnown, energyKnown: energy.kwhPerMonth !== null }),
  };
}
