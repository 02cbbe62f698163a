import type { Catalog, Scenario } from "../catalog/types.js";
import type { ConfigPredictions } from "../engines/engine.js";
import { rampedConcurrency, type Calibrator } from "./calibrator.js";
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
  /** Load: the prediction with a load factor applied from `from` requests on, as a calibration applies it. */
  withLoad?: ((factor: number, from: number) => number) | undefined;
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
  const configure = (scenario: Scenario): ConfigPredictions | undefined => {
    if (!engine.replicaSizes(row.model, row.quant, row.backend, scenario).includes(row.gpusPerReplica)) return undefined;
    const config = engine.configure(row.model, row.quant, row.backend, scenario, row.gpusPerReplica);
    return calibrator ? calibrator.apply(config, row.gpu.name) : config;
  };
  if (metric.kind === "decode") {
    const config = configure(scenarioOf(row, metric.depthTokens, metric.outputTokens));
    if (!config) return "not_deployable";
    const { tokensPerSecond, step } = config.throughput;
    return {
      measured: metric.tokensPerSecond,
      predicted: tokensPerSecond,
      step: step ? { weightsS: step.fixedS + step.weightsS, kvS: step.kvS } : { weightsS: 1 / tokensPerSecond, kvS: 0 },
    };
  }
  if (metric.kind === "prefill") {
    const at = (prompt: number) => configure(scenarioOf(row, prompt, 1))?.prefill;
    const alone = at(metric.promptTokens);
    if (!alone) return "not_deployable";
    let seconds = alone.seconds;
    if (metric.depthTokens > 0) {
      const before = at(metric.depthTokens)!;
      const after = at(metric.depthTokens + metric.promptTokens)!;
      seconds += Math.max(0, after.computeSeconds - before.computeSeconds - alone.computeSeconds);
    }
    return { measured: metric.tokensPerSecond, predicted: metric.promptTokens / seconds, bound: alone.bound };
  }
  const concurrency = loadConcurrency(metric, row.replicas);
  if (concurrency === undefined) return "no_concurrency";
  const scenario = scenarioOf(row, metric.promptTokens, metric.outputTokens);
  const config = configure(scenario);
  if (!config) return "not_deployable";
  const sizing = engine.deploy(config, scenario, 1, concurrency);
  const withLoad = (factor: number, from: number) =>
    engine.deploy({ ...config, concurrency: rampedConcurrency(config.concurrency, factor, from) }, scenario, 1, concurrency).totalTps;
  return { measured: metric.outputTokensPerSecond / row.replicas, predicted: sizing.totalTps, concurrency, withLoad };
}
