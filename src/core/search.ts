import { concurrencyModel, serves, type ConcurrencyModel } from "./concurrency.js";
import { costPerMillionTokens, monthlyCost } from "./cost.js";
import { p95Ms, predictLatency, type LatencyPrediction } from "./latency.js";
import type { Provenance } from "./provenance.js";
import { predictQuality, type QualityPrediction } from "./quality.js";
import { GATES, rejectionReason, type Gate, type Rejection } from "./rejection.js";
import { round } from "./round.js";
import { modelsForSize } from "./size-class.js";
import {
  referenceSizing,
  servingCapacity,
  servingServiceTime,
  servingSizing,
  servingTotalTps,
  type Sizing,
} from "./sizing.js";
import { predictThroughput, type ThroughputPrediction } from "./throughput.js";
import type { Catalog, ModelSpec, PlanRequest, QuantLevel } from "./types.js";
import { kvCacheGb, predictVramGb } from "./vram.js";
import { MANY_INSTANCES, VRAM_HEADROOM, type PlanWarning } from "./warnings.js";

export { GATES, type Gate, type Rejection };

/** The most GPUs the search will bill for one configuration. */
export const MAX_INSTANCES = 16;

/** The predictions of a (model, quant, backend) that do not depend on how it is deployed. */
export interface ConfigPredictions {
  model: ModelSpec;
  quant: QuantLevel;
  backend: string;
  /** VRAM with one sequence, GB. */
  vramGb: number;
  /** VRAM each further concurrent sequence adds (its KV cache), GB. */
  kvPerSequenceGb: number;
  quality: QualityPrediction;
  throughput: ThroughputPrediction;
  concurrency: ConcurrencyModel;
}

/** A deployed configuration with all six predictions made. */
export interface Evaluation extends ConfigPredictions {
  sizing: Sizing;
  /** VRAM per GPU with the deployment's concurrent sequences, GB. */
  deployedVramGb: number;
  latency: LatencyPrediction;
  /** Monthly cost of all GPUs, dollars. */
  monthlyCost: number;
  costPerMillionTokens: number;
  saturated: boolean;
  warnings: PlanWarning[];
  provenance: Provenance;
}

/** The search's answer: survivors ranked cheapest first, and what each gate turned away. */
export interface SearchResult {
  candidates: Evaluation[];
  rejected: Rejection[];
  /** (model, quant, backend) configurations considered. */
  searched: number;
}

/**
 * Whether the instance count is fixed first, as the fewest GPUs that carry the load (the reference, whose
 * N both degrades throughput and multiplies the bill). With a serving section, the search picks the
 * cheapest (replicas, concurrency) that meets every gate.
 */
export function usesReferenceSizing(catalog: Catalog): boolean {
  return catalog.fitted.serving_v1 === undefined;
}

/** The deployment-independent predictions for a (model, quant, backend) under a request. */
export function predictConfig(
  catalog: Catalog,
  request: PlanRequest,
  model: ModelSpec,
  quant: QuantLevel,
  backend: string,
): ConfigPredictions {
  const { fitted } = catalog;
  const throughput = predictThroughput(model, quant, backend, request.gpu, catalog.referenceGpu, fitted.throughput);
  return {
    model,
    quant,
    backend,
    vramGb: predictVramGb(model, quant, request.contextLength, fitted),
    kvPerSequenceGb: kvCacheGb(model, request.contextLength),
    quality: predictQuality(model.name, quant.name, fitted.quality),
    throughput,
    concurrency: concurrencyModel(fitted, model, quant, backend, throughput.tokensPerSecond, request.gpu, MAX_INSTANCES),
  };
}

/** The most concurrent sequences whose KV caches fit beside the weights on the GPU (at least 1). */
export function kvConcurrencyCap(config: ConfigPredictions, gpuVramGb: number): number {
  const room = gpuVramGb - config.vramGb;
  return Math.max(1, 1 + Math.floor((room + 1e-12) / config.kvPerSequenceGb));
}

/**
 * A configuration deployed on `replicas` GPUs with `concurrency` requests each: by the serving section, or
 * (without one) as the reference's N agents, where N is both and `concurrency` must equal `replicas`.
 */
export function deploy(catalog: Catalog, config: ConfigPredictions, request: PlanRequest, replicas: number, concurrency: number): Sizing {
  const tps = config.throughput.tokensPerSecond;
  const eta = config.concurrency.eta(concurrency);
  const cph = request.gpu.cost_per_hour;
  return usesReferenceSizing(catalog)
    ? referenceSizing(replicas, tps, eta, request.avgTokens, cph)
    : servingSizing(replicas, concurrency, eta, tps, request.avgTokens, cph);
}

/**
 * Every way the search may deploy a configuration, fewest GPUs first: the reference's N = 1..16, or every
 * (replicas 1..16, concurrency 1..the backend's limit or the KV cache's) with a serving section.
 */
export function sizingOptions(catalog: Catalog, config: ConfigPredictions, request: PlanRequest): Sizing[] {
  const options: Sizing[] = [];
  if (usesReferenceSizing(catalog)) {
    for (let n = 1; n <= MAX_INSTANCES; n++) options.push(deploy(catalog, config, request, n, n));
    return options;
  }
  const cap = Math.min(config.concurrency.maxConcurrency, kvConcurrencyCap(config, request.gpu.vram_gb));
  for (let replicas = 1; replicas <= MAX_INSTANCES; replicas++) {
    for (let c = 1; c <= cap; c++) options.push(deploy(catalog, config, request, replicas, c));
  }
  return options;
}

/** Latency, cost, warnings and provenance of a configuration deployed as `sizing`. */
export function evaluate(catalog: Catalog, request: PlanRequest, config: ConfigPredictions, sizing: Sizing): Evaluation {
  const safety = catalog.fitted.latency.safety_factor;
  const latency = predictLatency(sizing.serviceTimeS, sizing.capacity, request.requestRate);
  const deployedVramGb = config.vramGb + (sizing.kvSequences - 1) * config.kvPerSequenceGb;
  const saturated = latency.utilisation > safety;
  const warnings: PlanWarning[] = [];
  if (saturated) {
    warnings.push({ code: "saturated", message: `utilisation > ${Math.round(safety * 100)}% safety cap` });
  }
  if (config.quality.tier === "concerning") {
    warnings.push({ code: "quality_concerning", message: "quality drop concerning (-10 to -15pp)" });
  }
  if (config.quality.source === "unknown") {
    warnings.push({ code: "quality_unknown", message: "quality unknown: 0.5 assumed, so the quality gate decided on a guess" });
  }
  if (sizing.replicas > MANY_INSTANCES) {
    warnings.push({ code: "many_instances", message: `requires ${sizing.replicas} GPU instances` });
  }
  if (deployedVramGb / request.gpu.vram_gb > VRAM_HEADROOM) {
    warnings.push({ code: "vram_headroom", message: "VRAM usage > 90% of capacity" });
  }
  if (request.contextLength > config.model.context_window) {
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
  return {
    ...config,
    sizing,
    deployedVramGb,
    latency,
    monthlyCost: monthlyCost(request.gpu.cost_per_hour) * sizing.replicas,
    costPerMillionTokens: costPerMillionTokens(sizing.hourlyCostForTokens, sizing.totalTps),
    saturated,
    warnings,
    provenance: provenanceOf(config),
  };
}

/** Where each prediction of a configuration comes from. */
function provenanceOf(config: ConfigPredictions): Provenance {
  const { throughput, concurrency } = config;
  return {
    throughput: { source: throughput.source, basis: throughput.basis, bandwidth_factor: round(throughput.bandwidthFactor, 4) },
    quality: { source: config.quality.source },
    scaling: { source: concurrency.source, detail: concurrency.detail },
    vram: { source: "derived" },
    cost: { source: "derived" },
    latency: { source: "estimated" },
  };
}

/** What the gates made of one configuration: deployed, or turned away by one gate. */
export type Verdict =
  | { kind: "admitted"; evaluation: Evaluation }
  | { kind: "rejected"; gate: Gate; value: number; limit: number; sizing?: Sizing };

/** A deployment's latency and cost, without the rest of an evaluation. */
export interface ScoredOption {
  sizing: Sizing;
  p95Ms: number;
  monthlyCost: number;
}

/**
 * The deployments of a configuration that carry the offered load, with their p95 and cost. The reference
 * fixes the instance count first, as the fewest GPUs that carry the offered tokens per second, so it
 * offers one; a serving section offers every (replicas, concurrency) that carries it.
 */
export function capacityOptions(catalog: Catalog, request: PlanRequest, config: ConfigPredictions): ScoredOption[] {
  const demandTps = request.requestRate * request.avgTokens;
  const carrying = sizingOptions(catalog, config, request).filter((s) => s.totalTps >= demandTps);
  const chosen = usesReferenceSizing(catalog) ? carrying.slice(0, 1) : carrying;
  const perGpu = monthlyCost(request.gpu.cost_per_hour);
  return chosen.map((sizing) => ({
    sizing,
    p95Ms: predictLatency(sizing.serviceTimeS, sizing.capacity, request.requestRate).p95Ms,
    monthlyCost: perGpu * sizing.replicas,
  }));
}

/**
 * The gates of one configuration: VRAM, quality, then the deployments that carry the load (none: the
 * instance count fails), then the latency SLO and the budget; the cheapest deployment that passes wins
 * (ties: the lower p95, then fewer GPUs, then fewer concurrent requests).
 */
export function judge(catalog: Catalog, request: PlanRequest, config: ConfigPredictions): Verdict {
  if (config.vramGb > request.gpu.vram_gb) {
    return { kind: "rejected", gate: "vram", value: config.vramGb, limit: request.gpu.vram_gb };
  }
  if (config.quality.score < request.qualityTarget) {
    return { kind: "rejected", gate: "quality", value: config.quality.score, limit: request.qualityTarget };
  }
  const outcome = usesReferenceSizing(catalog)
    ? gateOptions(capacityOptions(catalog, request, config), request)
    : gateServing(config, request);
  if (outcome.kind === "none") {
    const most = Math.max(...sizingOptions(catalog, config, request).map((s) => s.totalTps));
    return { kind: "rejected", gate: "throughput", value: request.requestRate * request.avgTokens, limit: most };
  }
  if (outcome.kind === "slow") {
    return { kind: "rejected", gate: "latency", value: outcome.best.p95Ms, limit: request.latencySloMs, sizing: outcome.best.sizing };
  }
  const { cheapest } = outcome;
  if (cheapest.monthlyCost > request.budget) {
    return { kind: "rejected", gate: "budget", value: cheapest.monthlyCost, limit: request.budget, sizing: cheapest.sizing };
  }
  return { kind: "admitted", evaluation: evaluate(catalog, request, config, cheapest.sizing) };
}

/** Among the deployments that carry the load: none, none within the SLO (and the fastest), or the cheapest within it. */
type GateOutcome = { kind: "none" } | { kind: "slow"; best: ScoredOption } | { kind: "fits"; cheapest: ScoredOption };

/** Whether `a` is preferred to `b`: cheaper, then faster, then fewer GPUs, then fewer requests per GPU. */
function better(a: ScoredOption, b: ScoredOption): boolean {
  if (a.monthlyCost !== b.monthlyCost) return a.monthlyCost < b.monthlyCost;
  if (a.p95Ms !== b.p95Ms) return a.p95Ms < b.p95Ms;
  if (a.sizing.replicas !== b.sizing.replicas) return a.sizing.replicas < b.sizing.replicas;
  return a.sizing.concurrency < b.sizing.concurrency;
}

/** The latency gate over a list of deployments that carry the load. */
function gateOptions(options: readonly ScoredOption[], request: PlanRequest): GateOutcome {
  if (options.length === 0) return { kind: "none" };
  let cheapest: ScoredOption | undefined;
  for (const o of options) {
    if (o.p95Ms <= request.latencySloMs && (!cheapest || better(o, cheapest))) cheapest = o;
  }
  return cheapest ? { kind: "fits", cheapest } : { kind: "slow", best: minBy(options, (o) => o.p95Ms) };
}

/**
 * The same gate for the serving model without listing every deployment: for each concurrency, from the
 * fewest replicas that carry the load upward until the SLO is met (more replicas only lower p95 and raise
 * cost) or the cheapest so far is beaten on price, keeping the cheapest deployment within the SLO and the
 * fastest outside it. Figures are scalars here; only the winners become Sizing objects.
 */
function gateServing(config: ConfigPredictions, request: PlanRequest): GateOutcome {
  const { avgTokens, requestRate } = request;
  const demandTps = requestRate * avgTokens;
  const tps = config.throughput.tokensPerSecond;
  const cph = request.gpu.cost_per_hour;
  const perGpu = monthlyCost(cph);
  const cap = Math.min(config.concurrency.maxConcurrency, kvConcurrencyCap(config, request.gpu.vram_gb));
  type Pick = { replicas: number; c: number; eta: number; p95: number };
  let carried = false;
  let fastest: Pick | undefined;
  let cheapest: Pick | undefined;
  for (let c = 1; c <= cap; c++) {
    const eta = config.concurrency.eta(c);
    const serviceTimeS = servingServiceTime(avgTokens, tps, eta);
    const fewest = Math.max(1, Math.floor(demandTps / (c * tps * eta)));
    for (let replicas = fewest; replicas <= MAX_INSTANCES; replicas++) {
      if (cheapest && replicas > cheapest.replicas) break;
      if (servingTotalTps(replicas, c, tps, eta) < demandTps) continue;
      carried = true;
      const p95 = p95Ms(serviceTimeS, servingCapacity(replicas, c, serviceTimeS), requestRate);
      if (p95 <= request.latencySloMs) {
        // Same cost (same replicas) or cheaper: the faster wins; on a tie the earlier (fewer requests per GPU).
        if (!cheapest || replicas < cheapest.replicas || p95 < cheapest.p95) cheapest = { replicas, c, eta, p95 };
        break;
      }
      if (!fastest || p95 < fastest.p95) fastest = { replicas, c, eta, p95 };
    }
  }
  const scored = (p: Pick): ScoredOption => ({
    sizing: servingSizing(p.replicas, p.c, p.eta, tps, avgTokens, cph),
    p95Ms: p.p95,
    monthlyCost: perGpu * p.replicas,
  });
  if (cheapest) return { kind: "fits", cheapest: scored(cheapest) };
  if (carried && fastest) return { kind: "slow", best: scored(fastest) };
  return { kind: "none" };
}

/** The first element with the least key (the list must not be empty). */
export function minBy<T>(items: readonly T[], key: (item: T) => number): T {
  let best = items[0] as T;
  let bestKey = key(best);
  for (const item of items) {
    const k = key(item);
    if (k < bestKey) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

/**
 * Every (model, quant, backend) the request's size class asks the search to consider, in search order;
 * a quant the backend does not serve (per the serving section) is no configuration at all.
 */
export function* configurations(catalog: Catalog, request: PlanRequest): Generator<ConfigPredictions> {
  for (const model of modelsForSize(catalog.models, request.sizeClass)) {
    for (const quant of catalog.quants) {
      for (const backend of catalog.backends) {
        if (!serves(catalog.fitted, backend.name, quant)) continue;
        yield predictConfig(catalog, request, model, quant, backend.name);
      }
    }
  }
}

/**
 * The four-gate search of TR133 SS10 over every configuration of the size class. Survivors are ranked by
 * monthly cost, then quality (both as rounded for output; ties keep search order).
 */
export function search(catalog: Catalog, request: PlanRequest): SearchResult {
  const candidates: Evaluation[] = [];
  const rejected: Rejection[] = [];
  let searched = 0;
  for (const config of configurations(catalog, request)) {
    searched++;
    const verdict = judge(catalog, request, config);
    if (verdict.kind === "admitted") {
      candidates.push(verdict.evaluation);
      continue;
    }
    const { gate, value, limit, sizing } = verdict;
    rejected.push({
      model: config.model.name,
      quant: config.quant.name,
      backend: config.backend,
      gate,
      value,
      limit,
      ...(sizing ? { replicas: sizing.replicas, concurrency: sizing.concurrency } : {}),
      reason: rejectionReason(gate, value, limit, sizing?.replicas, MAX_INSTANCES),
    });
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
