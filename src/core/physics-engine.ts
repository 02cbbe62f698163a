import type { RooflineV1, ServingV2, VramV2 } from "../schema/fitted-models.js";
import { servingConcurrency } from "./concurrency.js";
import { monthlyCost } from "./cost.js";
import { indexRoofline, predictDecodeSpeed } from "./decode-speed.js";
import type { ConfigPredictions, Engine, GateOutcome, ScoredOption } from "./engine.js";
import { P95_TAIL_FACTOR, predictLatency } from "./latency.js";
import { MAX_INSTANCES } from "./limits.js";
import { predictQuality } from "./quality.js";
import { meanDecodeContext } from "./roofline.js";
import { servingSizing, type Sizing } from "./sizing.js";
import type { ConfigPredictions as Predictions } from "./engine.js";
import type { FittedModels, ModelSpec, PlanRequest, QuantLevel } from "./types.js";

/** The predictions of a model in a format that every backend shares. */
type Shared = Pick<Predictions, "vram" | "kvPerSequenceGb" | "quality">;
import { kvCacheGib } from "./weights.js";
import { predictVram } from "./vram.js";

/** The sections the physics needs; a coefficient file with some but not all of them is refused at load. */
export interface PhysicsSections {
  vram_v2: VramV2;
  serving_v2: ServingV2;
  roofline_v1: RooflineV1;
}

/** The most concurrent sequences whose KV caches fit beside the weights on the GPU (at least 1). */
export function kvConcurrencyCap(config: ConfigPredictions, gpuVramGb: number): number {
  const room = gpuVramGb - config.vram.totalGb;
  return Math.max(1, 1 + Math.floor((room + 1e-12) / config.kvPerSequenceGb));
}

/** The concurrency the search considers: the backend's measured range, within what the KV cache leaves room for. */
function concurrencyCap(config: ConfigPredictions, request: PlanRequest): number {
  return Math.min(config.concurrency.maxConcurrency, kvConcurrencyCap(config, request.gpu.vram_gb));
}

/**
 * The physics (the default coefficients): one request's decode speed from the memory roofline
 * (roofline_v1), each backend's concurrency mechanism on top of it (serving_v2), VRAM with a runtime
 * intercept (vram_v2), replicas apart from concurrency, and only the formats each backend serves on the
 * platforms it runs on. The search picks the cheapest (replicas, concurrency) that meets every gate.
 */
export function physicsEngine(fitted: FittedModels & PhysicsSections): Engine {
  const roofline = indexRoofline(fitted.roofline_v1);
  // What depends on the model and format but not the backend, once per request (a search asks per backend).
  const perRequest = new WeakMap<PlanRequest, Map<ModelSpec, Map<QuantLevel, Shared>>>();
  const shared = (model: ModelSpec, quant: QuantLevel, request: PlanRequest): Shared => {
    let byModel = perRequest.get(request);
    if (!byModel) perRequest.set(request, (byModel = new Map()));
    let byQuant = byModel.get(model);
    if (!byQuant) byModel.set(model, (byQuant = new Map()));
    let found = byQuant.get(quant);
    if (!found) {
      const quality = predictQuality(model.name, quant.name, fitted.quality);
      found = {
        vram: predictVram(model, quant, request.contextLength, fitted.vram_v2),
        kvPerSequenceGb: kvCacheGib(model, request.contextLength),
        quality: quality.source === "unknown" ? { ...quality, score: null } : quality,
      };
      byQuant.set(quant, found);
    }
    return found;
  };
  const deploy = (config: ConfigPredictions, request: PlanRequest, replicas: number, c: number): Sizing =>
    servingSizing(replicas, c, config.concurrency.eta(c), config.throughput.tokensPerSecond, request.avgTokens, request.gpu.cost_per_hour);
  const deployments = (config: ConfigPredictions, request: PlanRequest): Sizing[] => {
    const options: Sizing[] = [];
    const cap = concurrencyCap(config, request);
    for (let replicas = 1; replicas <= MAX_INSTANCES; replicas++) {
      for (let c = 1; c <= cap; c++) options.push(deploy(config, request, replicas, c));
    }
    return options;
  };
  return {
    kind: "physics",
    serves(backend, quant, gpu) {
      if (backend.formats && !backend.formats.includes(quant.format)) return false;
      if (backend.platforms && gpu.platform !== "any" && !backend.platforms.includes(gpu.platform)) return false;
      // FP8 weights need FP8 tensor cores (Ada, Hopper, Blackwell, MI300).
      return quant.format !== "fp8" || gpu.fp8;
    },
    configure(model, quant, backend, request) {
      const prompt = Math.max(0, request.contextLength - request.avgTokens);
      const throughput = predictDecodeSpeed(model, quant, backend, request.gpu, roofline, {
        contextTokens: meanDecodeContext(prompt, request.avgTokens),
      });
      const serving = fitted.serving_v2.backends[backend];
      if (!serving) throw new Error(`no serving_v2 entry for ${backend} (a loaded coefficient file always has one)`);
      return {
        model,
        quant,
        backend,
        ...shared(model, quant, request),
        throughput,
        concurrency: servingConcurrency(model, serving, throughput.step ?? { fixedS: 0, weightsS: 0, kvS: 1 / throughput.tokensPerSecond }),
      };
    },
    deploy,
    deployments,
    carrying(config, request) {
      const demandTps = request.requestRate * request.avgTokens;
      const perGpu = monthlyCost(request.gpu.cost_per_hour);
      return deployments(config, request)
        .filter((s) => s.totalTps >= demandTps)
        .map((sizing) => ({
          sizing,
          p95Ms: predictLatency(sizing.serviceTimeS, sizing.capacity, request.requestRate).p95Ms,
          monthlyCost: perGpu * sizing.replicas,
        }));
    },
    choose: (config, request) => chooseServing(config, request),
  };
}

/**
 * The latency gate without listing every deployment: for each concurrency, from the fewest replicas that
 * carry the load upward until the SLO is met (more replicas only lower p95 and raise cost) or the cheapest
 * so far is beaten on price, keeping the cheapest deployment within the SLO and the fastest outside it.
 * Figures are scalars here; only the winners become Sizing objects.
 */
function chooseServing(config: ConfigPredictions, request: PlanRequest): GateOutcome {
  const { avgTokens, requestRate } = request;
  const demandTps = requestRate * avgTokens;
  const tps = config.throughput.tokensPerSecond;
  const cph = request.gpu.cost_per_hour;
  const perGpu = monthlyCost(cph);
  const cap = concurrencyCap(config, request);
  type Pick = { replicas: number; c: number; eta: number; p95: number };
  let carried = false;
  let fastest: Pick | undefined;
  let cheapest: Pick | undefined;
  const eta = config.concurrency.eta;
  const slo = request.latencySloMs;
  for (let c = 1; c <= cap; c++) {
    // servingServiceTime, servingTotalTps, servingCapacity and p95Ms inline, in their operation order: this
    // loop runs for every configuration of every plan, mostly before the JIT warms up.
    const e = eta(c);
    const serviceTimeS = avgTokens / (tps * e);
    const fewest = Math.max(1, Math.floor(demandTps / (c * tps * e)));
    for (let replicas = fewest; replicas <= MAX_INSTANCES; replicas++) {
      if (cheapest && replicas > cheapest.replicas) break;
      if (replicas * c * tps * e < demandTps) continue;
      carried = true;
      const capacity = (replicas * c) / serviceTimeS;
      const utilisation = requestRate / capacity;
      const p95 = utilisation < 1 ? (serviceTimeS + P95_TAIL_FACTOR * (utilisation / (2 * capacity * (1 - utilisation)))) * 1000 : Infinity;
      if (p95 <= slo) {
        // Same cost (same replicas) or cheaper: the faster wins; on a tie the earlier (fewer requests per GPU).
        if (!cheapest || replicas < cheapest.replicas || p95 < cheapest.p95) cheapest = { replicas, c, eta: e, p95 };
        break;
      }
      if (!fastest || p95 < fastest.p95) fastest = { replicas, c, eta: e, p95 };
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
