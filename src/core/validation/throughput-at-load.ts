import type { ThroughputMeasurements } from "../../schema/measurements.js";
import type { Engine } from "../engines/engine.js";
import type { BackendSpec, PricedGpu, ModelSpec, Scenario, QuantLevel } from "../catalog/types.js";

type Point = ThroughputMeasurements["points"][number];

/** A throughput measurement's GPU, from the figures the row repeats. */
function rowGpu(p: Point): PricedGpu {
  return {
    name: p.gpu,
    aliases: [],
    platform: p.platform,
    memory_gb: p.memory_gb,
    vram_gb: p.memory_gb,
    bandwidth_gbps: p.bandwidth_gbps,
    fp16_tflops: p.fp16_tflops,
    fp8: p.fp8,
    ...(p.link_gbps !== undefined ? { interconnect: { kind: "measured", gbps: p.link_gbps } } : {}),
    usd_per_hour: 1,
  };
}

/**
 * The most output tokens per second one replica of the row's GPUs carries by `engine`: the best
 * concurrency the search may use (up to the engine's cap and what the KV cache leaves room for), each
 * request with the row's prompt and output; null when the engine cannot run it on the row's GPUs.
 */
export function mostThroughput(engine: Engine, p: Point, model: ModelSpec, quant: QuantLevel, backend: BackendSpec): number | null {
  const request: Scenario = {
    sizeClass: { kind: "models", models: [model] },
    requestRate: 1,
    latencySloMs: Number.MAX_VALUE,
    percentile: 95,
    qualityTarget: 0,
    budgetUsdPerMonth: Number.MAX_VALUE,
    gpu: rowGpu(p),
    contextLength: p.prompt_tokens + p.output_tokens,
    promptTokens: p.prompt_tokens,
    outputTokens: p.output_tokens,
    maxGpus: p.n_gpus,
    tensorParallel: p.n_gpus,
  };
  if (!engine.serves(backend, quant, request.gpu, request) || !engine.replicaSizes(model, quant, backend, request).includes(p.n_gpus)) return null;
  const config = engine.configure(model, quant, backend, request, p.n_gpus);
  return Math.max(...engine.deployments(config, request).filter((s) => s.replicas === 1).map((s) => s.totalTps));
}

