import type { RooflineV1, ServingV2, VramV2 } from "../../schema/fitted-models.js";
import type { Calibrator } from "../calibrate/calibrator.js";
import { servingConcurrency } from "../laws/batching.js";
import { monthlyCost } from "../laws/cost.js";
import { indexRoofline, predictDecodeSpeed } from "../laws/decode-speed.js";
import type { ConfigPredictions, Engine, EngineDefaults, GateOutcome, ScoredOption, VramBreakdown } from "./engine.js";
import { highestRateOver } from "./highest-rate.js";
import { p95WaitS, queueState, withTail } from "../laws/queue.js";
import { gatesOf } from "../search/rejection.js";
import { joinSeconds, kvShare, parallelismFor, SINGLE, SPLIT_SIZES, type Parallelism } from "../laws/parallel.js";
import { decodeComputeS, predictPrefill } from "../laws/prefill.js";
import { predictQuality } from "../laws/quality.js";
import { meanDecodeContext } from "../laws/roofline.js";
import { replicaSeconds, servingSizing, type ServingWork, type Sizing } from "../laws/sizing.js";
import type { FittedModels, ModelSpec, Scenario, QuantLevel } from "../catalog/types.js";
import { predictVram } from "../laws/vram.js";
import { kvCacheGib } from "../model/weights.js";
import { maxGpus, promptTokens, workloadProblem } from "../search/workload.js";
import { own } from "../own.js";

/** The sections the physics needs; a coefficient file with some but not all of them is refused at load. */
export interface PhysicsSections {
  vram_v2: VramV2;
  serving_v2: ServingV2;
  roofline_v1: RooflineV1;
}

/** The most concurrent sequences whose KV caches fit beside the weights on each GPU (at least 1). */
function kvConcurrencyCap(config: ConfigPredictions, gpuVramGb: number): number {
  const room = gpuVramGb - config.vram.totalGb;
  return Math.max(1, 1 + Math.floor((room + 1e-12) / config.kvPerSequenceGb));
}

/** The concurrency the search goes up to: the backend's cap, within what the KV cache leaves room for. */
function concurrencyCap(config: ConfigPredictions, request: Scenario): number {
  return Math.min(config.concurrency.maxSequences, kvConcurrencyCap(config, request.gpu.vram_gb));
}

/** Requests per replica the search tries: every one to 8 (the measured range), then half an octave apart, and the cap itself. */
const CONCURRENCY_STEPS = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];

function concurrencies(cap: number): number[] {
  const steps = CONCURRENCY_STEPS.filter((c) => c <= cap);
  if (steps[steps.length - 1] !== cap) steps.push(cap);
  return steps;
}

/** One GPU per replica: what nearly every configuration is weighed on. */
const ONE_GPU: readonly number[] = [1];

/** What a deployment's queue sees of a configuration. */
function workOf(config: ConfigPredictions, request: Scenario): ServingWork {
  return {
    prefillS: config.prefill.seconds,
    prefillComputeS: config.prefill.computeSeconds,
    tokensPerSecond: config.throughput.tokensPerSecond,
    outputTokens: request.outputTokens,
    gpusPerReplica: config.parallelism.gpusPerReplica,
  };
}

/** A deployment's p95 latency and p95 time to first token: each adds the queue's p95 wait (latency.ts) to its own time. */
function scoreDeployment(sizing: Sizing, request: Scenario): ScoredOption {
  const tail = p95WaitS(sizing.capacityRps, request.requestRate);
  return {
    sizing,
    p95Ms: (sizing.serviceTimeS + tail) * 1000,
    ttftMs: (sizing.prefillS + tail) * 1000,
    monthlyCost: monthlyCost(request.gpu.usd_per_hour) * sizing.gpusBilled,
  };
}

/** What a request to the physics takes when it does not say: the reference CLI's workload, no budget, the five best. */
const PHYSICS_DEFAULTS: EngineDefaults = {
  modelSize: "3b",
  hardware: "RTX 4080 12GB",
  requestRate: 1,
  latencySloMs: 5000,
  qualityTarget: 0.5,
  outputTokens: 128,
  contextLength: 2048,
  budgetUsdPerMonth: Infinity,
  limit: 5,
};

/**
 * The physics (the default coefficients): one request's decode speed from the memory roofline
 * (roofline_v1) on replicas of one or several GPUs, its prompt's prefill from the compute roofline, each
 * backend's concurrency mechanism on top (serving_v2), VRAM with a runtime intercept (vram_v2), replicas
 * apart from concurrency, and only the formats and KV cache types each backend serves on the platforms
 * it runs on. The search picks the cheapest (GPUs per replica, replicas, concurrency) that meets every gate.
 */
export function physicsEngine(fitted: FittedModels & PhysicsSections, calibration?: Calibrator): Engine {
  const roofline = indexRoofline(fitted.roofline_v1);
  // VRAM per (model, format, split) of a request: the split is weighed and then configured with it.
  const vrams = new WeakMap<Scenario, Map<ModelSpec, Map<QuantLevel, Map<string, VramBreakdown>>>>();
  const vramOf = (model: ModelSpec, quant: QuantLevel, request: Scenario, p: Parallelism): VramBreakdown => {
    let byModel = vrams.get(request);
    if (!byModel) vrams.set(request, (byModel = new Map()));
    let byQuant = byModel.get(model);
    if (!byQuant) byModel.set(model, (byQuant = new Map()));
    let bySplit = byQuant.get(quant);
    if (!bySplit) byQuant.set(quant, (bySplit = new Map()));
    const key = `${p.gpusPerReplica}${p.split}`;
    let found = bySplit.get(key);
    if (!found) bySplit.set(key, (found = predictVram(model, quant, request.contextLength, fitted.vram_v2, request.kvDtype, p)));
    return found;
  };
  // Quality depends on the model and format alone, and a search asks for it per backend and split.
  const qualities = new Map<ModelSpec, Map<QuantLevel, ConfigPredictions["quality"]>>();
  const qualityOf = (model: ModelSpec, quant: QuantLevel): ConfigPredictions["quality"] => {
    let byQuant = qualities.get(model);
    if (!byQuant) qualities.set(model, (byQuant = new Map()));
    let found = byQuant.get(quant);
    if (!found) {
      const q = predictQuality(model.name, quant.name, fitted.quality);
      found = q.source === "unknown" ? { ...q, score: null } : q;
      byQuant.set(quant, found);
    }
    return found;
  };
  const outcomes = new WeakMap<Scenario, Map<string, GateOutcome>>();
  const deploy = (config: ConfigPredictions, request: Scenario, replicas: number, c: number): Sizing =>
    servingSizing(replicas, c, config.concurrency.eta(c), workOf(config, request), request.gpu.usd_per_hour);
  const deployments = (config: ConfigPredictions, request: Scenario): Sizing[] => {
    const options: Sizing[] = [];
    const most = Math.floor(maxGpus(request) / config.parallelism.gpusPerReplica);
    const steps = concurrencies(concurrencyCap(config, request));
    for (let replicas = 1; replicas <= most; replicas++) {
      for (const c of steps) options.push(deploy(config, request, replicas, c));
    }
    return options;
  };
  return {
    laws: "physics",
    defaults: PHYSICS_DEFAULTS,
    // A context beyond the model's trained window is a rejection: nothing measured the model there.
    gates: (scenario) => gatesOf(true, scenario),
    workloadProblem,
    deployment: ({ replicas, concurrency }) => ({ replicas: replicas ?? 1, concurrency: concurrency ?? 1 }),
    quality: qualityOf,
    serves(backend, quant, gpu, request) {
      if (backend.formats && !backend.formats.includes(quant.format)) return false;
      if (backend.platforms && gpu.platform !== "any" && !backend.platforms.includes(gpu.platform)) return false;
      if (!(backend.kv_dtypes ?? ["fp16"]).includes(request.kvDtype ?? "fp16")) return false;
      // FP8 weights need FP8 tensor cores (Ada, Hopper, Blackwell, MI300).
      return quant.format !== "fp8" || gpu.fp8;
    },
    replicaSizes(model, quant, backend, request) {
      const most = maxGpus(request);
      const possible = (n: number) => n <= most && parallelismFor(backend, request.gpu, n) !== undefined;
      const asked = request.tensorParallel;
      if (typeof asked === "number") return possible(asked) ? [asked] : [];
      const sizes = SPLIT_SIZES.filter(possible);
      if (asked === "auto") return sizes;
      // Unasked: one GPU if the model fits on one; else every split from the fewest GPUs it fits on (more
      // GPUs per replica also decode faster); one GPU if it fits nowhere, to say so.
      const fits = sizes.find((n) => vramOf(model, quant, request, parallelismFor(backend, request.gpu, n) ?? SINGLE).totalGb <= request.gpu.vram_gb);
      return fits === undefined || fits === 1 ? ONE_GPU : sizes.filter((n) => n >= fits);
    },
    configure(model, quant, backend, request, gpus = 1) {
      const gpu = request.gpu;
      const parallelism = parallelismFor(backend, gpu, gpus);
      if (!parallelism) throw new Error(`${backend.name} cannot span ${gpus} GPUs of ${gpu.name} (replicaSizes offers only what it can)`);
      const serving = own(fitted.serving_v2.backends, backend.name);
      if (!serving) throw new Error(`no serving_v2 entry for ${backend.name} (a loaded coefficient file always has one)`);
      const prompt = promptTokens(request);
      const joinS = joinSeconds(model, gpu, parallelism, fitted.serving_v2.parallel);
      const throughput = predictDecodeSpeed(model, quant, backend.name, gpu, roofline, {
        contextTokens: meanDecodeContext(prompt, request.outputTokens),
        kvDtype: request.kvDtype,
        parallel: parallelism.gpusPerReplica > 1 ? { p: parallelism, joinS } : undefined,
      });
      const step = throughput.step ?? { fixedS: 0, weightsS: 0, kvS: 1 / throughput.tokensPerSecond };
      const { coefficients } = roofline.coefficients(backend.name, gpu.platform);
      // A tensor split computes on every GPU at once; a layer split on one at a time.
      const computing = parallelism.split === "tensor" ? parallelism.gpusPerReplica : 1;
      const config: ConfigPredictions = {
        model,
        quant,
        backend: backend.name,
        parallelism,
        vram: vramOf(model, quant, request, parallelism),
        kvPerSequenceGb: kvCacheGib(model, request.contextLength, 1, request.kvDtype) * kvShare(model, parallelism),
        prefill: predictPrefill(model, quant, gpu, coefficients, prompt, step.fixedS + step.weightsS, computing, backend.accumulate),
        quality: qualityOf(model, quant),
        throughput,
        concurrency: servingConcurrency(model, serving, step, decodeComputeS(model, quant, gpu, coefficients, computing, backend.accumulate), backend.max_sequences),
      };
      // A calibration file's factors for this GPU and backend (src/core/calibrate/calibrator.ts).
      return calibration ? calibration.apply(config, gpu.name) : config;
    },
    deploy,
    deployments,
    latency: (sizing, scenario) =>
      withTail(queueState(sizing.serviceTimeS, sizing.capacityRps, scenario.requestRate), p95WaitS(sizing.capacityRps, scenario.requestRate)),
    highestRate: (config, scenario) => highestRateOver(deployments(config, scenario), scenario, p95WaitS),
    warnings: () => [],
    candidateFields: () => ({}),
    carrying(config, request) {
      const demandTps = request.requestRate * request.outputTokens;
      return deployments(config, request)
        .filter((s) => s.totalTps >= demandTps)
        .map((sizing) => scoreDeployment(sizing, request));
    },
    choose(config, request) {
      // Backends that share kernels and a serving law (vLLM, SGLang, TGI; llama.cpp and Ollama) often give
      // a configuration the same numbers: the deployment they lead to is worked out once per request.
      let byKey = outcomes.get(request);
      if (!byKey) outcomes.set(request, (byKey = new Map()));
      const { prefill, throughput, parallelism, vram, kvPerSequenceGb } = config;
      const key = `${throughput.tokensPerSecond}|${prefill.seconds}|${prefill.computeSeconds}|${parallelism.gpusPerReplica}|${vram.totalGb}|${kvPerSequenceGb}|${config.concurrency.key}`;
      let outcome = byKey.get(key);
      if (!outcome) byKey.set(key, (outcome = chooseServing(config, request)));
      return outcome;
    },
  };
}

/**
 * The latency gates without listing every deployment: for each concurrency, the fewest replicas that
 * carry the load and meet both SLOs (more replicas only lower the wait and raise the cost), found by
 * bisection; the cheapest such deployment wins, and the fastest (the most replicas)
 * stands for the configuration when none meets them. Figures are scalars here (as servingSizing and
 * scoreDeployment compute them); only the winners become objects.
 */
function chooseServing(config: ConfigPredictions, request: Scenario): GateOutcome {
  const { outputTokens, requestRate } = request;
  const demandTps = requestRate * outputTokens;
  const tps = config.throughput.tokensPerSecond;
  const work = workOf(config, request);
  const prefillS = work.prefillS;
  const most = Math.floor(maxGpus(request) / config.parallelism.gpusPerReplica);
  const slo = request.latencySloMs;
  const ttftSlo = request.ttftSloMs ?? Infinity;
  type Pick = { replicas: number; c: number; eta: number; p95: number; ttft: number };
  let carried = false;
  let fastest: Pick | undefined;
  let cheapest: Pick | undefined;
  const eta = config.concurrency.eta;
  const cap = concurrencyCap(config, request);
  for (let i = 0; i <= CONCURRENCY_STEPS.length; i++) {
    // The steps up to the cap, then the cap itself unless it is a step.
    let c = CONCURRENCY_STEPS[i] ?? cap;
    if (c >= cap) {
      if (c > cap && CONCURRENCY_STEPS[i - 1] === cap) break;
      c = cap;
      i = CONCURRENCY_STEPS.length;
    }
    const e = eta(c);
    const decodeS = outputTokens * (1 / (tps * e));
    const serviceTimeS = prefillS + decodeS;
    // η never rises with concurrency, so the service time never falls: once it alone exceeds the p95 of a
    // one-replica deployment that fits (the fewest replicas there are), no more concurrency can beat it.
    if (cheapest?.replicas === 1 && serviceTimeS * 1000 >= cheapest.p95) break;
    const replicaTime = replicaSeconds(work, decodeS, c);
    let fewest = Math.max(1, Math.floor(requestRate * replicaTime));
    while (fewest <= most && (fewest / replicaTime) * outputTokens < demandTps) fewest++;
    if (fewest > most) continue;
    carried = true;
    const limit = cheapest ? Math.min(most, cheapest.replicas) : most;
    // The p95 wait only falls as replicas are added: the fewest that meet both SLOs, by bisection, in
    // scalars (this loop runs for every configuration of every plan).
    const meets = (replicas: number) => {
      const tail = p95WaitS(replicas / replicaTime, requestRate);
      return serviceTimeS + tail <= slo / 1000 && prefillS + tail <= ttftSlo / 1000;
    };
    let replicas = limit + 1;
    if (fewest <= limit && meets(limit)) {
      let low = fewest;
      let high = limit;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (meets(mid)) high = mid;
        else low = mid + 1;
      }
      replicas = low;
      const tail = p95WaitS(replicas / replicaTime, requestRate);
      const p95 = (serviceTimeS + tail) * 1000;
      // Same cost (same replicas) or cheaper: the faster wins; on a tie the earlier (fewer requests per replica).
      if (!cheapest || replicas < cheapest.replicas || p95 < cheapest.p95) cheapest = { replicas, c, eta: e, p95, ttft: (prefillS + tail) * 1000 };
    }
    if (replicas > limit && !cheapest) {
      // None meets the SLOs at this concurrency: the most replicas are its fastest.
      const tail = p95WaitS(most / replicaTime, requestRate);
      const p95 = (serviceTimeS + tail) * 1000;
      const ttft = (prefillS + tail) * 1000;
      if (!fastest || p95 < fastest.p95 || (p95 === fastest.p95 && ttft < fastest.ttft)) fastest = { replicas: most, c, eta: e, p95, ttft };
    }
  }
  const scored = (p: Pick): ScoredOption => {
    const sizing = servingSizing(p.replicas, p.c, p.eta, work, request.gpu.usd_per_hour);
    return { sizing, p95Ms: p.p95, ttftMs: p.ttft, monthlyCost: monthlyCost(request.gpu.usd_per_hour) * sizing.gpusBilled };
  };
  if (cheapest) return { kind: "fits", cheapest: scored(cheapest) };
  if (carried && fastest) return { kind: "slow", best: scored(fastest) };
  return { kind: "none" };
}
