import type { Catalog, Scenario } from "../catalog/types.js";
import type { ConfigPredictions } from "../engines/engine.js";
import { meanContext } from "../laws/replica.js";
import { decodeStepS } from "../laws/step.js";
import type { Calibrator, StepFactors } from "./calibrator.js";
import type { LoadMetric } from "./measurement.js";
import type { ResolvedRow } from "./resolve-rows.js";

/** What a row measured and what the physics predicts for it, in the row's unit (tok/s). */
export interface RowPrediction {
  measured: number;
  predicted: number;
  /** Load: the requests per replica the prediction is made at. */
  concurrency?: number | undefined;
  /** Decode: a token's time split into reading the weights (with the fixed per-layer cost) and reading the KV cache, seconds. */
  step?: { weightsS: number; kvS: number } | undefined;
  /** Prefill: whether the prompt's arithmetic (compute) or one pass over the weights (memory) sets its time. */
  bound?: "compute" | "memory" | "none" | undefined;
  /** Load: the prediction with a load factor applied, as a calibration applies it. */
  withLoad?: ((factor: number) => number) | undefined;
}

/** The scenario a measurement was taken under: one replica of the row's GPUs, its prompt and output. */
function scenarioOf(row: ResolvedRow, promptTokens: number, outputTokens: number): Scenario {
  const prompt = Math.max(0, Math.round(promptTokens));
  const output = Math.max(1, Math.round(outputTokens));
  return {
    sizeClass: { kind: "models", models: [row.model] },
    requestRate: 1,
    latencySloMs: Number.MAX_VALUE,
    qualityTarget: 0,
    budgetUsdPerMonth: Number.MAX_VALUE,
    gpu: { ...row.gpu, usd_per_hour: row.gpu.usd_per_hour ?? 0 },
    contextLength: prompt + output,
    promptTokens: prompt,
    outputTokens: output,
    tensorParallel: row.gpusPerReplica,
    maxGpus: row.gpusPerReplica,
    percentile: 95,
  };
}

/**
 * Requests in flight per replica during a serving run: by Little's law, the completed requests per
 * second times the time each spends decoding (end-to-end latency less the time to first token, which
 * holds the queue's wait); the client's concurrency limit when the run reports no latencies. Undefined
 * when neither is known.
 */
function loadConcurrency(metric: LoadMetric, replicas: number): number | undefined {
  const { ttft, tpot, itl, e2e } = metric;
  const firstMs = ttft.meanMs ?? ttft.medianMs;
  const perTokenMs = tpot.meanMs ?? itl.meanMs ?? tpot.medianMs ?? itl.medianMs;
  const e2eMs = e2e.meanMs ?? (firstMs !== undefined && perTokenMs !== undefined ? firstMs + perTokenMs * Math.max(0, metric.outputTokens - 1) : undefined);
  let inFlight: number | undefined;
  if (metric.requestsPerSecond !== undefined && e2eMs !== undefined && firstMs !== undefined && e2eMs > firstMs) {
    inFlight = (metric.requestsPerSecond * (e2eMs - firstMs)) / 1000;
  } else if (metric.maxConcurrency !== undefined) inFlight = metric.maxConcurrency;
  return inFlight === undefined ? undefined : Math.max(1, inFlight / replicas);
}

/**
 * What the physics predicts for a row, with `calibrator`'s factors if given: one request's decode speed
 * after the row's depth; a prompt's processing speed (at depth, the depth-0 time plus the extra attention
 * arithmetic of the tokens before it); or one replica's output throughput at the row's concurrency.
 * Or why not: the engine cannot run the row's split, or a serving run's concurrency is unknown.
 */
export function predictRow(catalog: Catalog, row: ResolvedRow, calibrator?: Calibrator): RowPrediction | "not_deployable" | "no_concurrency" {
  const { engine } = catalog;
  const metric = row.measurement.metric;
  const at = { gpu: row.gpu.name, backend: row.backend.name, model: row.model.name };
  const factors: StepFactors = calibrator ? calibrator.factorsAt(at) : {};
  const configure = (scenario: Scenario, extra: StepFactors = {}): ConfigPredictions | undefined => {
    if (!engine.replicaSizes(row.model, row.quant, row.backend, scenario).includes(row.gpusPerReplica)) return undefined;
    if (!engine.calibrated) throw new Error("calibrate corrects the physics alone (loading refuses a calibration for the reference)");
    return engine.calibrated(row.model, row.quant, row.backend, scenario, row.gpusPerReplica, { ...factors, ...extra });
  };
  if (metric.kind === "decode") {
    const config = configure(scenarioOf(row, metric.depthTokens, metric.outputTokens));
    if (!config?.replica) return "not_deployable";
    const r = config.replica;
    const context = meanContext(r);
    // One token's step: reading the KV cache, and the rest (the weights, the fixed and host time).
    const kvS = (context * r.step.kvBytesPerToken) / r.step.kvBytesPerS;
    const stepS = decodeStepS(r.step, 1, context);
    return { measured: metric.tokensPerSecond, predicted: config.throughput.tokensPerSecond, step: { weightsS: Math.max(0, stepS - kvS), kvS } };
  }
  if (metric.kind === "prefill") {
    // A prompt's own processing: the prefill less the engine's fixed first-token time (a benchmark of prompt speed leaves it out).
    const promptS = (prompt: number) => {
      const config = configure(scenarioOf(row, prompt, 1));
      return config?.replica ? { seconds: config.prefill.seconds - config.replica.firstTokenFixedS, bound: config.prefill.bound } : undefined;
    };
    const alone = promptS(metric.promptTokens);
    if (!alone) return "not_deployable";
    // After `depth` tokens already in the cache: what the whole takes less what the depth took (its attention over them included).
    const seconds = metric.depthTokens > 0 ? promptS(metric.depthTokens + metric.promptTokens)!.seconds - promptS(metric.depthTokens)!.seconds : alone.seconds;
    return { measured: metric.tokensPerSecond, predicted: metric.promptTokens / seconds, bound: alone.bound };
  }
  const concurrency = loadConcurrency(metric, row.replicas);
  if (concurrency === undefined) return "no_concurrency";
  const scenario = scenarioOf(row, metric.promptTokens, metric.outputTokens);
  const config = configure(scenario);
  if (!config) return "not_deployable";
  const sizing = engine.deploy(config, scenario, 1, concurrency);
  const withLoad = (factor: number) => engine.deploy(configure(scenario, { load: { factor } })!, scenario, 1, concurrency).totalTps;
  return { measured: metric.outputTokensPerSecond / row.replicas, predicted: sizing.totalTps, concurrency, withLoad };
}
