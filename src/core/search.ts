import { monthlyCost, costPerMillionTokens } from "./cost.js";
import { predictLatency, type LatencyPrediction } from "./latency.js";
import { predictQuality, type QualityPrediction } from "./quality.js";
import { referenceEta, serialFraction, type SerialFraction } from "./scaling.js";
import { modelsForSize } from "./size-class.js";
import { predictThroughput, type ThroughputPrediction } from "./throughput.js";
import { predictVramGb } from "./vram.js";
import { MANY_INSTANCES, VRAM_HEADROOM, type PlanWarning } from "./warnings.js";
import { round } from "./round.js";
import type { Catalog, ModelSpec, PlanRequest, QuantLevel } from "./types.js";

/** The most GPU instances the search will consider for one configuration. */
export const MAX_INSTANCES = 16;

/** The four gates, plus the instance count that must carry the load before latency can be judged. */
export type Gate = "vram" | "quality" | "throughput" | "latency" | "budget";

/** A configuration with all six predictions made. */
export interface Evaluation {
  model: ModelSpec;
  quant: QuantLevel;
  backend: string;
  /** GPU instances. */
  nAgents: number;
  vramGb: number;
  quality: QualityPrediction;
  throughput: ThroughputPrediction;
  serial: SerialFraction;
  /** Per-agent efficiency at nAgents. */
  eta: number;
  /** Tokens per second of the whole deployment. */
  totalTps: number;
  latency: LatencyPrediction;
  /** Monthly cost of all instances, dollars. */
  monthlyCost: number;
  costPerMillionTokens: number;
  saturated: boolean;
  warnings: PlanWarning[];
}

/** A configuration a gate turned away: the predicted value and the limit it broke. */
export interface Rejection {
  model: string;
  quant: string;
  backend: string;
  gate: Gate;
  value: number;
  limit: number;
  /** The instance count at which latency and budget were judged. */
  nAgents?: number;
}

/** The search's answer: survivors ranked cheapest first, and what each gate turned away. */
export interface SearchResult {
  candidates: Evaluation[];
  rejected: Rejection[];
  /** (model, quant, backend) configurations considered. */
  searched: number;
}

/** The predictions that do not depend on the instance count. */
export interface ConfigPredictions {
  model: ModelSpec;
  quant: QuantLevel;
  backend: string;
  vramGb: number;
  quality: QualityPrediction;
  throughput: ThroughputPrediction;
  serial: SerialFraction;
}

/** Evaluates a configuration on `nAgents` instances: scaling, latency, cost and warnings. */
export function evaluate(
  catalog: Catalog,
  request: PlanRequest,
  config: ConfigPredictions,
  nAgents: number,
): Evaluation {
  const { fitted } = catalog;
  const { model, quant, backend, vramGb, quality, throughput, serial } = config;
  const eta = referenceEta(serial.value, nAgents);
  const tps = throughput.tokensPerSecond;
  const totalTps = nAgents * tps * eta;
  const serviceTimeS = request.avgTokens / tps;
  const latency = predictLatency(serviceTimeS, nAgents * (1 / serviceTimeS) * eta, request.requestRate);
  const cost = monthlyCost(request.gpu.cost_per_hour) * nAgents;
  const saturated = latency.utilisation > fitted.latency.safety_factor;
  const warnings: PlanWarning[] = [];
  if (saturated) {
    const cap = Math.round(fitted.latency.safety_factor * 100);
    warnings.push({ code: "saturated", message: `utilisation > ${cap}% safety cap` });
  }
  if (quality.tier === "concerning") {
    warnings.push({ code: "quality_concerning", message: "quality drop concerning (-10 to -15pp)" });
  }
  if (nAgents > MANY_INSTANCES) {
    warnings.push({ code: "many_instances", message: `requires ${nAgents} GPU instances` });
  }
  if (vramGb / request.gpu.vram_gb > VRAM_HEADROOM) {
    warnings.push({ code: "vram_headroom", message: "VRAM usage > 90% of capacity" });
  }
  return {
    model,
    quant,
    backend,
    nAgents,
    vramGb,
    quality,
    throughput,
    serial,
    eta,
    totalTps,
    latency,
    monthlyCost: cost,
    costPerMillionTokens: costPerMillionTokens(request.gpu.cost_per_hour, totalTps),
    saturated,
    warnings,
  };
}

/** The smallest instance count in 1..16 whose total throughput carries the offered tokens per second. */
function instancesFor(demandTps: number, tps: number, serial: number): number | undefined {
  for (let n = 1; n <= MAX_INSTANCES; n++) {
    if (n * tps * referenceEta(serial, n) >= demandTps) return n;
  }
  return undefined;
}

/**
 * The four-gate search of TR133 SS10: for each model of the size class and each quant, VRAM then quality;
 * then for each backend the instance count, latency and budget. Survivors are ranked by monthly cost,
 * then quality (both as rounded for output; ties keep enumeration order).
 */
export function search(catalog: Catalog, request: PlanRequest): SearchResult {
  const candidates: Evaluation[] = [];
  const rejected: Rejection[] = [];
  const backends = catalog.backends.map((b) => b.name);
  const demandTps = request.requestRate * request.avgTokens;
  let searched = 0;
  for (const model of modelsForSize(catalog.models, request.sizeClass)) {
    for (const quant of catalog.quants) {
      searched += backends.length;
      const reject = (gate: Gate, value: number, limit: number, backend?: string, nAgents?: number) => {
        for (const b of backend === undefined ? backends : [backend]) {
          rejected.push({ model: model.name, quant: quant.name, backend: b, gate, value, limit, nAgents });
        }
      };
      const vramGb = predictVramGb(model, quant, request.contextLength, catalog.fitted.vram);
      if (vramGb > request.gpu.vram_gb) {
        reject("vram", vramGb, request.gpu.vram_gb);
        continue;
      }
      const quality = predictQuality(model.name, quant.name, catalog.fitted.quality);
      if (quality.score < request.qualityTarget) {
        reject("quality", quality.score, request.qualityTarget);
        continue;
      }
      for (const backend of backends) {
        const throughput = predictThroughput(model, quant, backend, request.gpu, catalog.referenceGpu, catalog.fitted.throughput);
        const serial = serialFraction(model.name, backend, catalog.fitted.scaling);
        const nAgents = instancesFor(demandTps, throughput.tokensPerSecond, serial.value);
        if (nAgents === undefined) {
          const most = MAX_INSTANCES * throughput.tokensPerSecond * referenceEta(serial.value, MAX_INSTANCES);
          reject("throughput", demandTps, most, backend, MAX_INSTANCES);
          continue;
        }
        const config = { model, quant, backend, vramGb, quality, throughput, serial };
        const evaluation = evaluate(catalog, request, config, nAgents);
        if (evaluation.latency.p95Ms > request.latencySloMs) {
          reject("latency", evaluation.latency.p95Ms, request.latencySloMs, backend, nAgents);
          continue;
        }
        if (evaluation.monthlyCost > request.budget) {
          reject("budget", evaluation.monthlyCost, request.budget, backend, nAgents);
          continue;
        }
        candidates.push(evaluation);
      }
    }
  }
  return { candidates: rank(candidates), rejected, searched };
}

/** Cheapest first, then highest quality, compared as printed; stable, so ties keep search order. */
export function rank(evaluations: Evaluation[]): Evaluation[] {
  return evaluations
    .map((evaluation, index) => ({
      evaluation,
      index,
      cost: round(evaluation.monthlyCost, 2),
      quality: round(evaluation.quality.score, 3),
    }))
    .sort((a, b) => a.cost - b.cost || b.quality - a.quality || a.index - b.index)
    .map((r) => r.evaluation);
}
