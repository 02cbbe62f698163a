import type { ConcurrencyModel } from "../laws/batching.js";
import type { Parallelism } from "../laws/parallel.js";
import type { PrefillPrediction } from "../laws/prefill.js";
import type { QualityPrediction } from "../laws/quality.js";
import type { Sizing } from "../laws/sizing.js";
import type { ThroughputPrediction } from "../laws/reference-throughput.js";
import type { BackendSpec, Gpu, ModelSpec, Scenario, QuantLevel } from "../catalog/types.js";

/** Where a GPU's memory goes, GB; the parts sum to the total. */
export interface VramBreakdown {
  weightsGb: number;
  kvCacheGb: number;
  activationsGb: number;
  /** The runtime's own: the CUDA context, allocator slack, buffers (and the weights' overhead factor). */
  overheadGb: number;
  totalGb: number;
}

/** The predictions of a (model, quant, backend, GPUs per replica) that do not depend on how it is deployed. */
export interface ConfigPredictions {
  model: ModelSpec;
  quant: QuantLevel;
  backend: string;
  /** The GPUs of one replica and how the model spans them. */
  parallelism: Parallelism;
  /** VRAM per GPU with one sequence. */
  vram: VramBreakdown;
  /** VRAM per GPU each further concurrent sequence adds (its share of the KV cache), GB. */
  kvPerSequenceGb: number;
  /** A request's prompt on a free replica. */
  prefill: PrefillPrediction;
  quality: QualityPrediction;
  throughput: ThroughputPrediction;
  concurrency: ConcurrencyModel;
}

/** A deployment's latency and cost, without the rest of an evaluation. */
export interface ScoredOption {
  sizing: Sizing;
  p95Ms: number;
  /** p95 time to first token: the queueing wait and the prefill. */
  ttftMs: number;
  monthlyCost: number;
}

/** Among the deployments that carry the load: none, none within the SLO (and the fastest), or the cheapest within it. */
export type GateOutcome = { kind: "none" } | { kind: "slow"; best: ScoredOption } | { kind: "fits"; cheapest: ScoredOption };

/**
 * The laws that predict, chosen once when the coefficients load: the reference's (TR133's six models and
 * its N agents, for its coefficient file) or the physics (the memory roofline, the serving mechanisms,
 * replicas apart from concurrency). Everything that differs between the two lives behind this interface.
 */
export interface Engine {
  readonly kind: "reference" | "physics";
  /** Whether a context beyond the model's trained window is a rejection (the physics) or only a warning (the reference). */
  readonly gatesContext: boolean;
  /** Whether `backend` serves `quant` on `gpu` at all, with the request's KV cache type. */
  serves(backend: BackendSpec, quant: QuantLevel, gpu: Gpu, request: Pick<Scenario, "kvDtype">): boolean;
  /** The GPUs per replica the search weighs for this configuration (none: it cannot run as asked). */
  replicaSizes(model: ModelSpec, quant: QuantLevel, backend: BackendSpec, request: Scenario): readonly number[];
  /** The quality of a model in a format, as configurations carry it. */
  quality(model: ModelSpec, quant: QuantLevel): QualityPrediction;
  /** The deployment-independent predictions of a configuration under a request, on replicas of `gpus` GPUs. */
  configure(model: ModelSpec, quant: QuantLevel, backend: BackendSpec, request: Scenario, gpus?: number): ConfigPredictions;
  /** A configuration on `replicas` replicas serving `concurrency` requests each. */
  deploy(config: ConfigPredictions, request: Scenario, replicas: number, concurrency: number): Sizing;
  /** Every deployment the search may consider, fewest GPUs first. */
  deployments(config: ConfigPredictions, request: Scenario): Sizing[];
  /** The deployments that carry the offered load, with their p95 and cost. */
  carrying(config: ConfigPredictions, request: Scenario): ScoredOption[];
  /** The p95 of the queue's wait, seconds, for a deployment under the request's load (Infinity when saturated). */
  p95Wait(sizing: Sizing, request: Scenario): number;
  /** The cheapest deployment that carries the load within the SLO, or why there is none. */
  choose(config: ConfigPredictions, request: Scenario): GateOutcome;
}
