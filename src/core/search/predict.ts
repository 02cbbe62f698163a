import type { ConfigPredictions } from "../engines/engine.js";
import { evaluate, type Evaluation } from "./evaluation.js";
import { judgeQuality } from "./gates.js";
import type { QualityScale } from "./quality-verdict.js";
import type { Gate } from "./rejection.js";
import type { BackendSpec, Catalog, ModelSpec, Scenario, QuantLevel } from "../catalog/types.js";
import { latencyAt, type LatencyMetric } from "../laws/queue.js";
import { generatedTokens } from "./workload.js";

/** One gate applied to one deployment: the prediction, the limit, and how far inside it (positive) or out. */
export interface GateCheck {
  gate: Gate;
  passed: boolean;
  /** The prediction; null when unknown (a quality never measured, a cost without a price). */
  value: number | null;
  limit: number;
  /** Distance to the limit in the gate's unit; positive means room to spare; null when the value is unknown. */
  margin: number | null;
  unit: "tokens" | "GiB" | "GB" | "score" | "tok/s" | "ms" | "$/month";
  /** The quality gate: which score it judged (see QualityScale). */
  scale?: QualityScale;
}

/** A single deployment, predicted and held against every gate. */
export interface SinglePrediction {
  evaluation: Evaluation;
  gates: GateCheck[];
}

/** What a configuration's backend runs at once per replica when not told: its default, within what its KV cache holds (undefined: the laws have no backend scheduler). */
function defaultConcurrency(config: ConfigPredictions): number | undefined {
  const b = config.backendConcurrency;
  return b ? Math.max(1, Math.min(b.defaultSequences, b.kvLimit)) : undefined;
}

/** The deployment-independent predictions of one named configuration on replicas of `gpus` GPUs. */
function configure(catalog: Catalog, request: Scenario, model: ModelSpec, quant: QuantLevel, backend: BackendSpec, gpus = 1): ConfigPredictions {
  return catalog.engine.configure(model, quant, backend, request, gpus);
}

/** All six predictions for exactly one deployment, and each gate's verdict on it. */
export function predictDeployment(
  catalog: Catalog,
  request: Scenario,
  model: ModelSpec,
  quant: QuantLevel,
  backend: BackendSpec,
  deployment: { replicas: number; concurrency: number; gpus?: number; backendDefault?: boolean },
): SinglePrediction {
  const config = configure(catalog, request, model, quant, backend, deployment.gpus);
  const sizing = catalog.engine.deploy(config, request, deployment.replicas, deployment.backendDefault ? (defaultConcurrency(config) ?? deployment.concurrency) : deployment.concurrency);
  const evaluation = evaluate(catalog, request, config, sizing);
  // The capacity gate counts generated tokens, as throughput does: hidden reasoning tokens included.
  const demandTps = request.requestRate * generatedTokens(request);
  const check = (gate: Gate, value: number, limit: number, margin: number, unit: GateCheck["unit"]): GateCheck => ({
    gate,
    passed: margin >= 0,
    value,
    limit,
    margin,
    unit,
  });
  const verdict = judgeQuality(catalog, config, request, evaluation.published);
  const quality: GateCheck = {
    gate: "quality",
    passed: verdict.passed,
    value: verdict.value,
    limit: verdict.limit,
    margin: verdict.value === null ? null : verdict.value - verdict.limit,
    unit: "score",
    scale: verdict.scale,
  };
  const budget: GateCheck = evaluation.costKnown
    ? check("budget", evaluation.monthlyCost, request.budgetUsdPerMonth, request.budgetUsdPerMonth - evaluation.monthlyCost, "$/month")
    : { gate: "budget", passed: false, value: null, limit: request.budgetUsdPerMonth, margin: null, unit: "$/month" };
  const window = config.model.context_window;
  const vram = config.allocatedVram ? config.vram.totalGb : evaluation.deployedVram.totalGb;
  const at = (metric: LatencyMetric) => latencyAt(evaluation.latency, metric, request.percentile);
  const slo = (gate: Gate, metric: LatencyMetric, limit: number | undefined) => (limit === undefined ? [] : [check(gate, at(metric), limit, limit - at(metric), "ms")]);
  const gates = [
    ...(catalog.engine.gates(request).includes("context") ? [check("context", request.contextLength, window, window - request.contextLength, "tokens")] : []),
    // VRAM is held to what the configuration may use; a backend that takes its share of the GPU up front
    // (vLLM) fits when the weights, its reserves and one whole context fit in that share.
    check("vram", vram, config.vramLimitGb, config.vramLimitGb - vram, catalog.engine.memoryUnit),
    quality,
    check("capacity", evaluation.sizing.totalTps, demandTps, evaluation.sizing.totalTps - demandTps, "tok/s"),
    ...slo("latency", "e2e", request.latencySloMs),
    ...slo("ttft", "ttft", request.ttftSloMs),
    ...slo("tpot", "tpot", request.tpotSloMs),
    // A GPU whose price is unknown cannot meet a budget.
    ...(Number.isFinite(request.budgetUsdPerMonth) ? [budget] : []),
  ];
  return { evaluation, gates };
}
