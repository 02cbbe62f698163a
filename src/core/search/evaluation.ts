import { costPerMillionTokens, monthlyCost } from "../laws/cost.js";
import type { ConfigPredictions, VramBreakdown } from "../engines/engine.js";
import { predictLatency, type LatencyPrediction } from "../laws/queue.js";
import { provenanceOf, type Provenance } from "./provenance.js";
import type { Sizing } from "../laws/sizing.js";
import type { Catalog, Scenario } from "../catalog/types.js";
import { withSequences } from "../laws/vram.js";
import { MANY_INSTANCES, VRAM_HEADROOM, type PlanWarning } from "./warnings.js";

/** A deployed configuration with all six predictions made. */
export interface Evaluation extends ConfigPredictions {
  sizing: Sizing;
  /** VRAM per GPU with the deployment's concurrent sequences. */
  deployedVram: VramBreakdown;
  latency: LatencyPrediction;
  /** p95 time to first token, milliseconds: the queueing tail and the prefill (Infinity when saturated). */
  ttftMs: number;
  /** Seconds per output token at the deployment's concurrency. */
  tpotS: number;
  /** Monthly cost of all GPUs, dollars. */
  monthlyCost: number;
  costPerMillionTokens: number;
  saturated: boolean;
  warnings: PlanWarning[];
  provenance: Provenance;
}

/** Latency, cost, warnings and provenance of a configuration deployed as `sizing`. */
export function evaluate(catalog: Catalog, request: Scenario, config: ConfigPredictions, sizing: Sizing): Evaluation {
  const safety = catalog.fitted.latency.safety_factor;
  const queue = predictLatency(sizing.serviceTimeS, sizing.capacityRps, request.requestRate);
  const p95Wait = catalog.engine.p95Wait(sizing, request);
  const latency = { ...queue, p95Ms: (sizing.serviceTimeS + p95Wait) * 1000 };
  const deployedVram = withSequences(config.vram, config.kvPerSequenceGb, sizing.kvSequences);
  const saturated = latency.utilisation > safety;
  const warnings: PlanWarning[] = [];
  if (saturated) {
    warnings.push({ code: "saturated", message: `utilisation > ${Math.round(safety * 100)}% safety cap` });
  }
  if (config.quality.tier === "concerning") {
    warnings.push({ code: "quality_concerning", message: "quality drop concerning (-10 to -15pp)" });
  }
  if (config.quality.source === "unknown") {
    warnings.push(
      config.quality.score === null
        ? { code: "quality_unknown", message: "quality unknown: never measured, so the quality gate let it through" }
        : { code: "quality_unknown", message: "quality unknown: 0.5 assumed, so the quality gate decided on a guess" },
    );
  }
  if (sizing.gpusBilled > MANY_INSTANCES) {
    warnings.push({ code: "many_instances", message: `requires ${sizing.gpusBilled} GPU instances` });
  }
  if (deployedVram.totalGb / request.gpu.vram_gb > VRAM_HEADROOM) {
    warnings.push({ code: "vram_headroom", message: "VRAM usage > 90% of capacity" });
  }
  if (!catalog.engine.gatesContext && request.contextLength > config.model.context_window) {
    warnings.push({
      code: "context_beyond_window",
      message: `context ${request.contextLength} exceeds ${config.model.name}'s ${config.model.context_window}-token window: quality there is unmeasured`,
    });
  }
  if (sizing.concurrency > config.concurrency.maxConcurrency) {
    warnings.push({
      code: "concurrency_extrapolated",
      message: `${sizing.concurrency} requests per GPU is beyond the measured ${config.concurrency.maxConcurrency}: the scaling law is extrapolated`,
    });
  }
  if (config.prefill.source === "unknown") {
    warnings.push({
      code: "prefill_unknown",
      message: `${request.gpu.name} publishes no FP16 TFLOPS: the prompt's prefill counts only one pass over the weights (give --gpu-tflops for a GPU of your own)`,
    });
  }
  if (config.throughput.capped) {
    warnings.push({
      code: "throughput_capped",
      message: `decode speed cut to the physical ceiling (${config.throughput.ceilingTps.toFixed(1)} tok/s: bandwidth over the active weights)`,
    });
  }
  return {
    ...config,
    sizing,
    deployedVram,
    latency,
    ttftMs: (sizing.prefillS + p95Wait) * 1000,
    tpotS: sizing.tpotS,
    monthlyCost: monthlyCost(request.gpu.usd_per_hour) * sizing.gpusBilled,
    costPerMillionTokens: costPerMillionTokens(sizing.hourlyCostForTokens, sizing.totalTps),
    saturated,
    warnings,
    provenance: provenanceOf(config, sizing.concurrency),
  };
}
