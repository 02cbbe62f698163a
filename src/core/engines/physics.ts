import type { StepV1, VramV2 } from "../../schema/fitted-models.js";
import type { ConcurrencyModel } from "../laws/batching.js";
import { monthlyCost } from "../laws/cost.js";
import { PERCENTILES, type LatencyPrediction, type QueueState } from "../laws/queue.js";
import { parallelismFor, SINGLE, SPLIT_SIZES, type Parallelism } from "../laws/parallel.js";
import { predictQuality } from "../laws/quality.js";
import { concurrencyLimit, loadState, meanContext, replicaPrefillS, replicaUnderLoad, saturation, type LoadState, type Replica, type ReplicaLoad } from "../laws/replica.js";
import { closedLoop } from "../laws/closed-loop.js";
import { replicaMemory, type ReplicaMemory } from "../laws/replica-memory.js";
import type { Sizing } from "../laws/sizing.js";
import { decodeStepS, type StepCosts } from "../laws/step.js";
import type { BackendFacts, BackendFactsFile, BackendSpec, FittedModels, Gpu, ModelSpec, QuantLevel, Scenario } from "../catalog/types.js";
import { own } from "../own.js";
import { activeWeightsGb } from "../model/weights.js";
import { draftHead, draftModel } from "../model/draft-head.js";
import { backendSpeculates, speculationProblem } from "../search/speculation.js";
import type { PlanWarning } from "../search/warnings.js";
import { gatesOf } from "../search/rejection.js";
import { generatedTokens, maxGpus, prefixCache, promptTokens, workloadProblem } from "../search/workload.js";
import type { ConfigPredictions, Engine, EngineDefaults, GateOutcome, ScoredOption, VramBreakdown } from "./engine.js";
import { highestRateOver } from "./highest-rate.js";
import { servingPolicy } from "./serving-policy.js";
import { servingReplica } from "./serving-replica.js";
import { appliedCalibration, calibratedReplica, hasFactors, type Calibrator, type StepFactors } from "../calibrate/calibrator.js";

/** The sections the physics needs; a coefficient file with some but not all of them is refused at load. */
export interface PhysicsSections {
  vram_v2: VramV2;
  step_v1: StepV1;
}

/** Sequences per replica the search tries: every one to 8, then half an octave apart, and the replica's limit itself. */
const CONCURRENCY_STEPS = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048];

function concurrencies(limit: number): number[] {
  const steps = CONCURRENCY_STEPS.filter((c) => c <= limit);
  if (steps[steps.length - 1] !== limit) steps.push(limit);
  return steps;
}

/** One GPU per replica: what nearly every configuration is weighed on. */
const ONE_GPU: readonly number[] = [1];

/**
 * What a request to the physics takes when it does not say: the chat preset's prompt and output (the
 * median request of a published conversation trace, data/workloads.json), the reference CLI's output and
 * context when only a context is given, no budget, the five best.
 */
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
  workload: "chat",
};

/** A replica's analytic latencies as a queueing state and latency prediction. */
function predictionOf(load: ReplicaLoad, sizing: Sizing, requestRate: number): LatencyPrediction {
  const state: QueueState = {
    serviceTimeS: sizing.serviceTimeS,
    capacityRps: sizing.capacityRps,
    utilisation: requestRate / sizing.capacityRps,
    waitS: Number.isFinite(load.ms.ttft.p50) ? Math.max(0, load.ms.ttft.p50 / 1000 - sizing.prefillS) : Infinity,
  };
  return { ...state, ms: load.ms };
}

/** The replica a configuration runs as, which every figure under load comes from. */
function replicaOf(config: ConfigPredictions): Replica {
  if (!config.replica) throw new Error("a physics configuration always has its replica");
  return config.replica;
}

/** A breakdown in the engine's unit (GiB), as configurations carry it. */
function vramOf(memory: ReplicaMemory): { vram: VramBreakdown; allocated: VramBreakdown | undefined } {
  return { vram: memory.needed, allocated: memory.allocated };
}

/**
 * The physics: a continuous-batching engine step (step_v1) on replicas of one or several GPUs, read
 * from the model's shape, the weight format's bytes and the GPU's bandwidth and compute; each backend's
 * memory policy and scheduler defaults; an analytic queue of a replica under Poisson load for the search
 * (replicaUnderLoad), which the simulator checks for the configurations ranked first. The search picks
 * the cheapest (GPUs per replica, replicas, sequences per replica) that meets every gate.
 */
export function physicsEngine(fitted: FittedModels & PhysicsSections, facts: BackendFactsFile, calibrator?: Calibrator): Engine {
  const factsOf = (backend: string): BackendFacts => {
    const found = own(facts.backends, backend);
    if (!found) throw new Error(`no engines.json entry for ${backend} (loading checks every backend has one)`);
    return found;
  };
  const section = fitted.step_v1;
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
  const memoryOf = (model: ModelSpec, quant: QuantLevel, backend: BackendSpec, scenario: Scenario, p: Parallelism) =>
    replicaMemory(
      { model, quant, parallelism: p, kvDtype: scenario.kvDtype, contextLength: scenario.contextLength, gpuGib: scenario.gpu.vram_gb },
      servingPolicy(factsOf(backend.name), scenario.gpu, model, p.gpusPerReplica),
      fitted.vram_v2,
    );
  const deploy = (config: ConfigPredictions, scenario: Scenario, replicas: number, concurrency: number): Sizing => {
    const r = replicaOf(config);
    const c = Math.max(1, Math.min(concurrency, concurrencyLimit(r)));
    const full = saturation(r, c);
    const capacityRps = replicas * full.requestsPerS;
    const gpus = config.parallelism.gpusPerReplica;
    return {
      replicas,
      concurrency: c,
      eta: 1 / (config.throughput.tokensPerSecond * full.tpotS),
      // Throughput counts every token generated, hidden reasoning tokens included.
      totalTps: capacityRps * generatedTokens(scenario),
      serviceTimeS: config.prefill.seconds + generatedTokens(scenario) * full.tpotS,
      capacityRps,
      hourlyCostForTokens: scenario.gpu.usd_per_hour * replicas * gpus,
      kvSequences: c,
      gpusPerReplica: gpus,
      gpusBilled: replicas * gpus,
      prefillS: config.prefill.seconds,
      tpotS: full.tpotS,
    };
  };
  /** A deployment's latencies: each replica takes an equal share of the load (or of a closed loop's users). */
  const latency = (config: ConfigPredictions, sizing: Sizing, scenario: Scenario): LatencyPrediction => {
    const r = replicaOf(config);
    const users = scenario.closedLoopUsers;
    const load =
      users !== undefined
        ? closedLoop(r, sizing.concurrency, Math.ceil(users / sizing.replicas))
        : replicaUnderLoad(r, sizing.concurrency, scenario.requestRate / sizing.replicas);
    return predictionOf(load, sizing, users !== undefined ? sizing.capacityRps * Math.min(1, load.utilisation) : scenario.requestRate);
  };
  const score = (config: ConfigPredictions, scenario: Scenario, sizing: Sizing): ScoredOption => ({
    sizing,
    latency: latency(config, sizing, scenario),
    monthlyCost: monthlyCost(scenario.gpu.usd_per_hour) * sizing.gpusBilled,
  });
  const deployments = (config: ConfigPredictions, scenario: Scenario): Sizing[] => {
    const options: Sizing[] = [];
    const most = Math.floor(maxGpus(scenario) / config.parallelism.gpusPerReplica);
    const steps = concurrencies(concurrencyLimit(replicaOf(config)));
    for (let replicas = 1; replicas <= most; replicas++) {
      for (const c of steps) options.push(deploy(config, scenario, replicas, c));
    }
    return options;
  };
  // Outcomes by what the latency gates see of a scenario (a suggestion re-runs the search with another
  // budget or quality target: the deployments the gates choose do not change).
  const outcomes = new Map<string, Map<string, GateOutcome>>();
/** A configuration's predictions with `factors` applied to its replica (none: the physics alone). */
const configureWith = (model: ModelSpec, quant: QuantLevel, backend: BackendSpec, scenario: Scenario, gpus: number, factors: StepFactors): ConfigPredictions => {
    const gpu = scenario.gpu;
    const split = parallelismFor(backend, gpu, gpus);
    if (!split) throw new Error(`${backend.name} cannot span ${gpus} GPUs of ${gpu.name} (replicaSizes offers only what it can)`);
    const facts = factsOf(backend.name);
    // Asked for, a mixture's tensor split places each expert whole on one GPU (serves() has left out the backends that cannot).
    const parallelism = scenario.expertParallel && model.experts && split.split === "tensor" ? { ...split, expertParallel: true } : split;
    const prompt = promptTokens(scenario);
    const cache = prefixCache(scenario, facts, prompt);
    // Speculative decoding where it applies to this model: a draft model in the target's format, or one layer and the output head (EAGLE, MTP).
    const spec = scenario.speculation;
    const speculation =
      spec && !speculationProblem(model, spec)
        ? { drafter: spec.method === "draft" && spec.draftModel ? draftModel(spec.draftModel, quant) : draftHead(model, quant), draftSteps: spec.draftTokens, acceptance: spec.acceptance }
        : undefined;
    const built = servingReplica(
      {
        model, quant, backend, facts, gpu, parallelism, kvDtype: scenario.kvDtype, promptTokens: prompt, outputTokens: generatedTokens(scenario),
        cachedPromptTokens: cache.cachedTokens, sharedPrefixTokens: cache.sharedTokens, contextLength: scenario.contextLength, speculation,
      },
      section,
      fitted.vram_v2,
    );
    const { memory, coefficients } = built;
    const calibrated = hasFactors(factors);
    const replica = calibrated ? calibratedReplica(built.replica, factors) : built.replica;
    const { step } = replica;
    const context = meanContext(replica);
    const alone = decodeStepS(step, 1, context);
    // No request decodes faster than the GPUs reading its active weights at their full bandwidth, once per
    // step (a speculative step yields its expected tokens for that read).
    const readers = parallelism.split === "tensor" ? parallelism.gpusPerReplica : 1;
    const ceilingTps = ((readers * gpu.bandwidth_gbps) / activeWeightsGb(model, quant)) * (step.speculation?.tokensPerStep ?? 1);
    const tokensPerSecond = Math.min(1 / alone, ceilingTps);
    const computeKnown = coefficients.peakFlops > 0;
    const borrowed = coefficients.pair.decode_source !== "fitted";
    const { vram, allocated } = vramOf(memory);
    const limit = concurrencyLimit(replica);
    // A backend of slots (llama.cpp, Ollama) runs its default slots unless told; the search may give it up to its cap.
    const policy = servingPolicy(factsOf(backend.name), gpu, model, parallelism.gpusPerReplica);
    const backendConcurrency = {
      setting: factsOf(backend.name).scheduler.max_sequences.name,
      defaultSequences: policy.kvAllocation === "reserved" ? policy.maxSequences : replica.maxSequences,
      kvLimit: concurrencyLimit({ ...replica, maxSequences: Infinity }),
    };
    const concurrency: ConcurrencyModel = {
      eta: (c) => alone / saturation(replica, Math.min(c, limit)).tpotS,
      maxConcurrency: limit,
      maxSequences: limit,
      key: `${limit}`,
      source: "estimated",
      detail: () =>
        `continuous batching: each step reads the weights once and every sequence's KV cache, ${(step.perSequenceS * 1000).toFixed(3)} ms of host work per sequence; at most ${limit} sequences (${replica.kvAllocation === "reserved" ? "slots of a whole context" : "paged KV cache"})`,
    };
    return {
      model,
      quant,
      backend: backend.name,
      parallelism,
      vram,
      kvPerSequenceGb: memory.kvPerSequenceGib,
      vramLimitGb: memory.limitGib,
      allocatedVram: allocated,
      kvCapacityTokens: memory.kvCapacityTokens,
      replica,
      prefill: {
        seconds: replica.firstTokenFixedS + replicaPrefillS(replica),
        computeSeconds: 0,
        source: computeKnown ? "estimated" : "unknown",
        bound: computeKnown && promptComputeBound(step, Math.min(prompt - replica.cachedPromptTokens, replica.chunkTokens)) ? "compute" : "memory",
      },
      quality: qualityOf(model, quant),
      throughput: {
        tokensPerSecond,
        source: borrowed ? "borrowed" : "estimated",
        basis: "roofline",
        coefficients: { key: coefficients.pairKey, source: coefficients.pair.decode_source },
        ceilingTps,
        capped: 1 / alone > ceilingTps,
      },
      concurrency,
      backendConcurrency,
      ...(calibrated ? { calibration: appliedCalibration(factors, decodeStepS(built.replica.step, 1, context) / alone) } : {}),
    };
};

  return {
    laws: "physics",
    defaults: PHYSICS_DEFAULTS,
    percentiles: PERCENTILES,
    closedLoop: true,
    refusedFields: [],
    memoryUnit: "GiB",
    // A context beyond the model's trained window is a rejection: nothing measured the model there.
    gates: (scenario) => gatesOf(true, scenario),
    workloadProblem,
    // Unasked, a replica runs as many sequences as its KV cache allows, at most its backend's cap (predict then takes the backend's default: backendConcurrency).
    deployment: ({ replicas, concurrency }) => ({ replicas: replicas ?? 1, concurrency: concurrency ?? Infinity }),
    quality: qualityOf,
    serves(backend, quant, gpu, scenario) {
      if (backend.formats && !backend.formats.includes(quant.format)) return false;
      if (backend.platforms && gpu.platform !== "any" && !backend.platforms.includes(gpu.platform)) return false;
      if (!(backend.kv_dtypes ?? ["fp16"]).includes(scenario.kvDtype ?? "fp16")) return false;
      // A speculative method the backend does not run (data/engines.json) leaves it out; so does expert parallelism.
      if (scenario.speculation && !backendSpeculates(factsOf(backend.name), scenario.speculation.method)) return false;
      if (scenario.expertParallel && !factsOf(backend.name).expert_parallel.supported) return false;
      // NVFP4 runs on FP4 tensor cores: NVIDIA's Blackwell GPUs, those with a sourced FP4 rate.
      if (quant.format === "nvfp4" && !hasFp4TensorCores(gpu)) return false;
      // FP8 weights need FP8 tensor cores (Ada, Hopper, Blackwell, MI300).
      return quant.format !== "fp8" || gpu.fp8;
    },
    replicaSizes(model, quant, backend, scenario) {
      const most = maxGpus(scenario);
      const possible = (n: number) => n <= most && parallelismFor(backend, scenario.gpu, n) !== undefined;
      const asked = scenario.tensorParallel;
      if (typeof asked === "number") return possible(asked) ? [asked] : [];
      const sizes = SPLIT_SIZES.filter(possible);
      if (asked === "auto") return sizes;
      // Unasked: one GPU if the model fits on one; else every split from the fewest GPUs it fits on (more
      // GPUs per replica also decode faster); one GPU if it fits nowhere, to say so.
      const fits = sizes.find((n) => {
        const memory = memoryOf(model, quant, backend, scenario, parallelismFor(backend, scenario.gpu, n) ?? SINGLE);
        return memory.needed.totalGb <= memory.limitGib;
      });
      return fits === undefined || fits === 1 ? ONE_GPU : sizes.filter((n) => n >= fits);
    },
    configure(model, quant, backend, scenario, gpus = 1) {
      // A calibration file's factors for this GPU, backend and model, if any (src/core/calibrate/calibrator.ts).
      const factors = calibrator ? calibrator.factorsAt({ gpu: scenario.gpu.name, backend: backend.name, model: model.name }) : {};
      return configureWith(model, quant, backend, scenario, gpus, factors);
    },
    calibrated: (model, quant, backend, scenario, gpus, factors) => configureWith(model, quant, backend, scenario, gpus, factors),
    deploy,
    deployments,
    mostTps(config, scenario) {
      // Throughput grows with the replicas: the most of them, at each concurrency (256 GPUs of replicas
      // times every concurrency would be thousands of deployments).
      const most = Math.floor(maxGpus(scenario) / config.parallelism.gpusPerReplica);
      if (most < 1) return -Infinity;
      return Math.max(...concurrencies(concurrencyLimit(replicaOf(config))).map((c) => deploy(config, scenario, most, c).totalTps));
    },
    latency,
    highestRate(config, scenario, above) {
      const perReplica = monthlyCost(scenario.gpu.usd_per_hour) * config.parallelism.gpusPerReplica;
      const affordable = perReplica > 0 ? Math.floor(scenario.budgetUsdPerMonth / perReplica) : Infinity;
      const replicas = Math.min(Math.floor(maxGpus(scenario) / config.parallelism.gpusPerReplica), affordable);
      if (replicas < 1) return 0;
      // More replicas only lower each one's share: the most the budget allows, at each concurrency.
      const options = concurrencies(concurrencyLimit(replicaOf(config))).map((c) => deploy(config, scenario, replicas, c));
      return highestRateOver(options, scenario, (sizing, requestRate) => latency(config, sizing, { ...scenario, requestRate }), { above });
    },
    warnings: (config, _sizing, scenario) => prefixCacheWarnings(factsOf(config.backend), config.backend, scenario),
    candidateFields: () => ({}),
    carrying(config, scenario) {
      // The deployment the gates choose, and at each concurrency the fastest the budget allows (the most
      // replicas it pays for: more replicas only lower each one's share of the load).
      const outcome = chooseServing(config, scenario, deploy, latency);
      if (outcome.kind === "none") return [];
      const chosen = outcome.kind === "fits" ? outcome.cheapest : outcome.best;
      const perReplica = monthlyCost(scenario.gpu.usd_per_hour) * config.parallelism.gpusPerReplica;
      const affordable = Math.min(Math.floor(maxGpus(scenario) / config.parallelism.gpusPerReplica), perReplica > 0 ? Math.floor(scenario.budgetUsdPerMonth / perReplica) : Infinity);
      if (affordable < 1) return [chosen];
      const fastest = concurrencies(concurrencyLimit(replicaOf(config)))
        .map((c) => deploy(config, scenario, affordable, c))
        .filter((sizing) => sizing.capacityRps > scenario.requestRate)
        .map((sizing) => score(config, scenario, sizing));
      return [chosen, ...fastest];
    },
    choose(config, scenario) {
      // Backends that share kernels and a serving law often give a configuration the same numbers: the
      // deployment they lead to is worked out once per scenario.
      const seen = gatesKey(scenario);
      let byKey = outcomes.get(seen);
      if (!byKey) {
        if (outcomes.size >= OUTCOME_SCENARIOS) outcomes.clear();
        outcomes.set(seen, (byKey = new Map()));
      }
      const r = replicaOf(config);
      const s = r.step;
      const key = [
        s.denseBytes, s.experts?.bytesEach, s.kvBytesPerToken, s.weightBytesPerS, s.kvBytesPerS, s.flopsPerToken, s.linearFlopsPerS, s.attentionFlopsPerS,
        s.fixedS, s.hostS, s.perSequenceS, s.joinS, s.joinPerTokenS, r.chunkTokens, r.firstTokenFixedS, r.maxSequences, r.kvCapacityTokens, r.kvAllocation,
        r.cachedPromptTokens, r.sharedPrefixTokens, s.speculation?.tokensPerStep, s.speculation?.draftSteps, s.speculation?.draft.denseBytes, s.speculation?.draft.kvBytesPerToken,
        config.parallelism.gpusPerReplica, config.vram.totalGb, config.vramLimitGb,
      ].join("|");
      let outcome = byKey.get(key);
      if (!outcome) byKey.set(key, (outcome = chooseServing(config, scenario, deploy, latency)));
      return outcome;
    },
  };
}

/** Whether a prompt chunk of `tokens` tokens is set by its arithmetic rather than by one read of the dense weights. */
function promptComputeBound(step: StepCosts, tokens: number): boolean {
  return (tokens * step.flopsPerToken) / step.linearFlopsPerS >= step.denseBytes / step.weightBytesPerS;
}

/** Whether a GPU has FP4 tensor cores (NVIDIA Blackwell): an NVIDIA GPU with a sourced dense FP4 rate (data/hardware.json fp4_tflops). */
function hasFp4TensorCores(gpu: Pick<Gpu, "platform" | "fp4Tflops">): boolean {
  return gpu.platform === "nvidia" && gpu.fp4Tflops !== undefined;
}

/**
 * What a backend does with a request's prefix caching, where it cannot do all of it: no prefix cache (the
 * hit rate is ignored), or one that keeps a cached prefix per slot (llama.cpp, Ollama: its computation is
 * saved, its KV is held by every slot).
 */
function prefixCacheWarnings(facts: BackendFacts, backend: string, scenario: Scenario): PlanWarning[] {
  const asked = (scenario.prefixCacheHitRate ?? 0) > 0 || (scenario.sharedPrefixTokens ?? 0) > 0;
  if (!asked) return [];
  if (!facts.prefix_caching.supported) return [{ code: "prefix_cache_unsupported", backend }];
  if ((scenario.sharedPrefixTokens ?? 0) > 0 && !facts.prefix_caching.shares_prefix_kv) return [{ code: "prefix_kv_per_slot", backend }];
  return [];
}

/** Scenarios whose outcomes are kept at once. */
const OUTCOME_SCENARIOS = 64;

/** What the latency gates see of a scenario: its GPU and price, load, SLOs, percentile and bounds. */
function gatesKey(s: Scenario): string {
  return [
    s.gpu.name, s.gpu.vram_gb, s.gpu.bandwidth_gbps, s.gpu.fp16_tflops, s.gpu.usd_per_hour, s.requestRate, s.latencySloMs, s.ttftSloMs, s.tpotSloMs, s.percentile,
    s.maxGpus, s.promptTokens, s.outputTokens, s.contextLength, s.kvDtype, s.closedLoopUsers, s.prefixCacheHitRate, s.sharedPrefixTokens, s.reasoningTokens,
    s.speculation?.method, s.speculation?.draftModel?.name, s.speculation?.acceptance, s.speculation?.draftTokens,
  ].join("|");
}

/**
 * Whether a request alone on an idle replica already misses a latency SLO: its prompt alone, then one
 * token per single-sequence step. Queueing only adds to these, and batching only lengthens the steps.
 */
function idleMisses(r: Replica, scenario: Scenario): boolean {
  const context = meanContext(r);
  const ttftS = r.firstTokenFixedS + replicaPrefillS(r);
  const tpotS = decodeStepS(r.step, 1, context);
  const e2eS = ttftS + Math.max(0, r.outputTokens - 1) * tpotS;
  return (
    e2eS * 1000 > scenario.latencySloMs ||
    (scenario.ttftSloMs !== undefined && ttftS * 1000 > scenario.ttftSloMs) ||
    (scenario.tpotSloMs !== undefined && tpotS * 1000 > scenario.tpotSloMs)
  );
}

/** Whether a replica's state meets every latency SLO of the scenario at its percentile (seconds against milliseconds). */
function meetsSlos(state: LoadState, scenario: Scenario): boolean {
  const p = scenario.percentile;
  if (!(state.at("e2e", p) * 1000 <= scenario.latencySloMs)) return false;
  if (scenario.ttftSloMs !== undefined && !(state.at("ttft", p) * 1000 <= scenario.ttftSloMs)) return false;
  return scenario.tpotSloMs === undefined || state.at("tpot", p) * 1000 <= scenario.tpotSloMs;
}

/**
 * The latency gates without listing every deployment: for each concurrency, the fewest replicas that
 * carry the load and meet every latency SLO at the scenario's percentile (more replicas only lower each
 * one's share of the load and raise the cost), found by bisection on the replica's state alone; the
 * cheapest wins, and on a tie the lower latency. When none meets them, the fastest (the most replicas)
 * stands for the configuration. Only the winner is worked out in full.
 */
function chooseServing(
  config: ConfigPredictions,
  scenario: Scenario,
  deploy: (config: ConfigPredictions, scenario: Scenario, replicas: number, concurrency: number) => Sizing,
  latency: (config: ConfigPredictions, sizing: Sizing, scenario: Scenario) => LatencyPrediction,
): GateOutcome {
  const r = replicaOf(config);
  const rate = scenario.requestRate;
  const most = Math.floor(maxGpus(scenario) / config.parallelism.gpusPerReplica);
  const percentile = scenario.percentile;
  const perGpu = monthlyCost(scenario.gpu.usd_per_hour);
  type Pick = { replicas: number; c: number; e2e: number };
  // The winner's latencies are worked out when asked for: a search ranks most winners by cost alone.
  const scored = (p: Pick): ScoredOption => {
    const sizing = deploy(config, scenario, p.replicas, p.c);
    let known: LatencyPrediction | undefined;
    return {
      sizing,
      get latency() {
        return (known ??= latency(config, sizing, scenario));
      },
      monthlyCost: perGpu * sizing.gpusBilled,
    };
  };
  const steps = concurrencies(concurrencyLimit(r));
  // No load makes a request faster than it runs alone on an idle replica: a configuration whose idle
  // latencies miss an SLO misses it at every deployment, and the most GPUs stand for it.
  if (idleMisses(r, scenario)) {
    const top = steps[steps.length - 1]!;
    if (Math.floor(rate / saturation(r, top).requestsPerS) + 1 > most) return { kind: "none" };
    return { kind: "slow", best: scored({ replicas: most, c: top, e2e: Infinity }) };
  }
  let cheapest: Pick | undefined;
  let fastest: Pick | undefined;
  const aloneS = replicaPrefillS(r);
  for (const c of steps) {
    const full = saturation(r, c);
    const perReplica = full.requestsPerS;
    // The fewest replicas whose share of the load each carries.
    const fewest = Math.max(1, Math.floor(rate / perReplica) + 1);
    if (fewest > most) continue;
    if (cheapest && fewest > cheapest.replicas) continue;
    const limit = cheapest ? cheapest.replicas : most;
    // Each replica count's state is worked out once: the bisection and the winner ask for some twice.
    const states = new Map<number, LoadState>();
    const state = (replicas: number) => {
      let remembered = states.get(replicas);
      if (!remembered) states.set(replicas, (remembered = loadState(r, c, rate / replicas, { full, aloneS })));
      return remembered;
    };
    if (meetsSlos(state(limit), scenario)) {
      let low = fewest;
      let high = limit;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (meetsSlos(state(mid), scenario)) high = mid;
        else low = mid + 1;
      }
      const found = state(low);
      const e2e = found.at("e2e", percentile);
      if (!cheapest || low < cheapest.replicas || e2e < cheapest.e2e) cheapest = { replicas: low, c, e2e };
      // A cap far above the sequences in flight binds nothing: larger ones give the same latencies.
      if (low === 1 && c >= 2 * found.meanBatch + 16) break;
    } else if (!cheapest) {
      const e2e = state(most).at("e2e", percentile);
      if (!fastest || e2e < fastest.e2e) fastest = { replicas: most, c, e2e };
    }
  }
  if (cheapest) return { kind: "fits", cheapest: scored(cheapest) };
  if (fastest) return { kind: "slow", best: scored(fastest) };
  return { kind: "none" };
}
