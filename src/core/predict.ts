import type { Gate } from "./rejection.js";
import { deploy, evaluate, predictConfig, type Evaluation } from "./search.js";
import type { Catalog, ModelSpec, PlanRequest, QuantLevel } from "./types.js";

/** One gate applied to one deployment: the prediction, the limit, and how far inside it (positive) or out. */
export interface GateCheck {
  gate: Gate;
  passed: boolean;
  value: number;
  limit: number;
  /** Distance to the limit in the gate's unit; positive means room to spare. */
  margin: number;
  unit: "GB" | "score" | "tok/s" | "ms" | "$/month";
}

/** A single deployment, predicted and held against every gate. */
export interface SinglePrediction {
  evaluation: Evaluation;
  gates: GateCheck[];
}

/** All six predictions for exactly one deployment, and each gate's verdict on it. */
export function predictDeployment(
  catalog: Catalog,
  request: PlanRequest,
  model: ModelSpec,
  quant: QuantLevel,
  backend: string,
  replicas: number,
  concurrency: number,
): SinglePrediction {
  const config = predictConfig(catalog, request, model, quant, backend);
  const evaluation = evaluate(catalog, request, config, deploy(catalog, config, request, replicas, concurrency));
  const demandTps = request.requestRate * request.avgTokens;
  const check = (gate: Gate, value: number, limit: number, margin: number, unit: GateCheck["unit"]): GateCheck => ({
    gate,
    passed: margin >= 0,
    value,
    limit,
    margin,
    unit,
  });
  const gates = [
    check("vram", evaluation.deployedVramGb, request.gpu.vram_gb, request.gpu.vram_gb - evaluation.deployedVramGb, "GB"),
    check("quality", evaluation.quality.score, request.qualityTarget, evaluation.quality.score - request.qualityTarget, "score"),
    check("throughput", evaluation.sizing.totalTps, demandTps, evaluation.sizing.totalTps - demandTps, "tok/s"),
    check("latency", evaluation.latency.p95Ms, request.latencySloMs, request.latencySloMs - evaluation.latency.p95Ms, "ms"),
    check("budget", evaluation.monthlyCost, request.budget, request.budget - evaluation.monthlyCost, "$/month"),
  ];
  return { evaluation, gates };
}
