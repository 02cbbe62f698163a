import { referenceConcurrency } from "../laws/batching.js";
import { ChimeraforgeError } from "../planner/errors.js";
import { gatesOf } from "../search/rejection.js";
import { highestRateOver } from "./highest-rate.js";
import { monthlyCost } from "../laws/cost.js";
import type { ConfigPredictions, Engine, EngineDefaults, GateOutcome, ScoredOption, VramBreakdown } from "./engine.js";
import { latencyAt, queueState, referenceLatency, referenceP95WaitS } from "../laws/queue.js";
import { SINGLE } from "../laws/parallel.js";
import { NO_PREFILL } from "../laws/prefill.js";
import { MAX_GPUS_BILLED } from "../limits.js";
import { predictQuality } from "../laws/quality.js";
import { referenceSizing, type Sizing } from "../laws/sizing.js";
import { predictThroughput } from "../laws/reference-throughput.js";
import type { FittedModels, Gpu, ModelSpec, Scenario, QuantLevel } from "../catalog/types.js";
import { kvCacheGib } from "../model/weights.js";

/** Weights in GB as the reference computes them: parameters × bits per weight / 8. */
function referenceWeightsGb(model: ModelSpec, quant: QuantLevel): number {
  return (model.params_b * quant.bits_per_weight) / 8;
}

/**
 * TR133 model 1, for one sequence: weights × overhead + KV (FP16) + act_coeff × layers × (context / 1024)²;
 * the overhead factor's share beyond the weights is the breakdown's overhead.
 */
export function referenceVram(model: ModelSpec, quant: QuantLevel, contextLength: number, vram: FittedModels["vram"]): VramBreakdown {
  const weightsGb = referenceWeightsGb(model, quant);
  const kvCacheGb = kvCacheGib(model, contextLength);
  const activationsGb = vram.act_coeff * model.n_layers * (contextLength / 1024) ** 2;
  const totalGb = weightsGb * vram.overhead_factor + kvCacheGb + activationsGb;
  return { weightsGb, kvCacheGb, activationsGb, overheadGb: weightsGb * (vram.overhead_factor - 1), totalGb };
}

/** The first element with the least key (the list must not be empty). */
function minBy<T>(items: readonly T[], key: (item: T) => number): T {
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

/** A deployment's p95 latency, ms: the only latency the reference gives. */
const p95 = (o: ScoredOption) => latencyAt(o.latency, "e2e", 95);

/** Whether `a` is preferred to `b`: cheaper, then faster, then fewer GPUs, then fewer requests per GPU. */
function better(a: ScoredOption, b: ScoredOption): boolean {
  if (a.monthlyCost !== b.monthlyCost) return a.monthlyCost < b.monthlyCost;
  if (p95(a) !== p95(b)) return p95(a) < p95(b);
  if (a.sizing.replicas !== b.sizing.replicas) return a.sizing.replicas < b.sizing.replicas;
  return a.sizing.concurrency < b.sizing.concurrency;
}

/** The latency gate over a list of deployments that carry the load. */
function gateOptions(options: readonly ScoredOption[], request: Scenario): GateOutcome {
  if (options.length === 0) return { kind: "none" };
  let cheapest: ScoredOption | undefined;
  for (const o of options) {
    if (p95(o) <= request.latencySloMs && (!cheapest || better(o, cheapest))) cheapest = o;
  }
  return cheapest ? { kind: "fits", cheapest } : { kind: "slow", best: minBy(options, p95) };
}

/** The reference CLI's defaults (PHASE1.md): 128 output tokens in a 2048-token context and no prompt (no workload preset), a $100 budget, every candidate listed, each GPU at its one price. */
const REFERENCE_DEFAULTS: EngineDefaults = {
  modelSize: "3b",
  hardware: "RTX 4080 12GB",
  requestRate: 1,
  latencySloMs: 5000,
  qualityTarget: 0.5,
  outputTokens: 128,
  contextLength: 2048,
  budgetUsdPerMonth: 100,
  limit: Infinity,
  priceBasis: "any",
};

/**
 * The reference planner (TR133), for a coefficient file without the physics sections: its throughput
 * lookup scaled by bandwidth from `referenceGpu`, its VRAM, its η(N), every backend serving every quant,
 * and its N agents, where N both degrades throughput as if N requests shared one GPU and multiplies the
 * bill as if each ran on its own. The instance count is the fewest GPUs that carry the load.
 */
export function referenceEngine(fitted: FittedModels, referenceGpu: Gpu): Engine {
  // TR133 SS9.1's empirical tail: p95 = S + 3W.
  const latency = (sizing: Sizing, scenario: Scenario) =>
    referenceLatency(queueState(sizing.serviceTimeS, sizing.capacityRps, scenario.requestRate), referenceP95WaitS(sizing.capacityRps, scenario.requestRate), sizing.tpotS);
  const deploy = (config: ConfigPredictions, request: Scenario, n: number): Sizing =>
    referenceSizing(n, config.throughput.tokensPerSecond, config.concurrency.eta(n), request.outputTokens, request.gpu.usd_per_hour);
  const deployments = (config: ConfigPredictions, request: Scenario): Sizing[] =>
    Array.from({ length: MAX_GPUS_BILLED }, (_, i) => deploy(config, request, i + 1));
  const carrying = (config: ConfigPredictions, request: Scenario): ScoredOption[] => {
    const demandTps = request.requestRate * request.outputTokens;
    const first = deployments(config, request).find((s) => s.totalTps >= demandTps);
    if (!first) return [];
    return [{ sizing: first, latency: latency(first, request), monthlyCost: monthlyCost(request.gpu.usd_per_hour) * first.replicas }];
  };
  return {
    laws: "reference",
    defaults: REFERENCE_DEFAULTS,
    percentiles: [95],
    closedLoop: false,
    // TR133's laws have no prompt prefill to cache, no KV cache a prefix could share, no decode step to draft for.
    refusedFields: ["prefixCacheHitRate", "sharedPrefixTokens", "reasoningTokens", "speculative", "acceptanceRate", "speculativeTokens"],
    memoryUnit: "GB",
    // The reference has no context gate: a context beyond the model's window is only a warning.
    gates: (scenario) => gatesOf(false, scenario),
    // The reference planned every workload, more output than context included.
    workloadProblem: () => undefined,
    deployment({ replicas, concurrency }) {
      if (replicas !== undefined && concurrency !== undefined && replicas !== concurrency) {
        throw new ChimeraforgeError("conflicting_fields", {
          field: "concurrency",
          value: String(concurrency),
          detail: `differs from {replicas} ${replicas}: the TR133 coefficient file's N agents are both replicas and requests per replica.`,
        });
      }
      const n = replicas ?? concurrency ?? 1;
      return { replicas: n, concurrency: n };
    },
    serves: () => true,
    replicaSizes: () => [1],
    quality: (model, quant) => predictQuality(model.name, quant.name, fitted.quality),
    configure(model, quant, { name: backend }, request) {
      return {
        model,
        quant,
        backend,
        parallelism: SINGLE,
        prefill: NO_PREFILL,
        vram: referenceVram(model, quant, request.contextLength, fitted.vram),
        kvPerSequenceGb: kvCacheGib(model, request.contextLength),
        vramLimitGb: request.gpu.vram_gb,
        quality: predictQuality(model.name, quant.name, fitted.quality),
        throughput: predictThroughput(model, quant, backend, request.gpu, referenceGpu, fitted.throughput),
        concurrency: referenceConcurrency(model, backend, fitted, MAX_GPUS_BILLED),
      };
    },
    deploy: (config, request, replicas) => deploy(config, request, replicas),
    latency: (_config, sizing, scenario) => latency(sizing, scenario),
    deployments,
    mostTps: (config, scenario) => Math.max(...deployments(config, scenario).map((s) => s.totalTps)),
    carrying,
    choose: (config, request) => gateOptions(carrying(config, request), request),
    // The instance count is the fewest GPUs that carry the load: a deployment is chosen only for rates the
    // next smaller one cannot carry.
    highestRate: (config, scenario, above) =>
      highestRateOver(deployments(config, scenario), scenario, (sizing, requestRate) => latency(sizing, { ...scenario, requestRate }), { fewestCarrying: true, above }),
    warnings(config, _sizing, scenario) {
      const window = config.model.context_window;
      return scenario.contextLength > window ? [{ code: "context_beyond_window", context_length: scenario.contextLength, window }] : [];
    },
    candidateFields: (sizing) => ({ n_agents: sizing.replicas }),
  };
}
