import type { AppliedCalibration, StepFactors } from "../calibrate/calibrator.js";
import type { ConcurrencyModel } from "../laws/batching.js";
import type { LatencyPrediction, Percentile } from "../laws/queue.js";
import type { Replica } from "../laws/replica.js";
import type { Parallelism } from "../laws/parallel.js";
import type { PrefillPrediction } from "../laws/prefill.js";
import type { QualityPrediction } from "../laws/quality.js";
import type { Sizing } from "../laws/sizing.js";
import type { ThroughputPrediction } from "../laws/reference-throughput.js";
import type { BackendSpec, Gpu, ModelSpec, Scenario, QuantLevel } from "../catalog/types.js";
import type { PriceBasisChoice } from "../kinds.js";
import type { Gate } from "../search/rejection.js";
import type { PlanWarning } from "../search/warnings.js";
import type { WorkloadProblem } from "../search/workload.js";
import type { WorkloadName } from "../kinds.js";

/** Where a GPU's memory goes, GB; the parts sum to the total. */
export interface VramBreakdown {
  weightsGb: number;
  kvCacheGb: number;
  activationsGb: number;
  /** The runtime's own: the CUDA context, allocator slack, buffers (and the weights' overhead factor). */
  overheadGb: number;
  totalGb: number;
}

/** What a backend runs at once on a replica when not told: its scheduler's setting, that setting's default, and the most its KV cache holds. */
interface BackendConcurrency {
  /** The setting, as the backend names it (max_num_seqs, OLLAMA_NUM_PARALLEL, n_parallel, ...). */
  setting: string;
  /** Its default (data/engines.json); for SGLang, what its rule derives from the KV pool. */
  defaultSequences: number;
  /** The most sequences the replica's KV cache holds at the scenario's context. */
  kvLimit: number;
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
  /** VRAM per GPU the configuration may use: the GPU's, or the share its backend takes (vLLM's gpu_memory_utilization). */
  vramLimitGb: number;
  /** What a backend that allocates up front takes of each GPU whatever the load, its KV cache pool included; undefined: VRAM grows with the sequences. */
  allocatedVram?: VramBreakdown | undefined;
  /** Tokens of KV cache one replica holds (the physics). */
  kvCapacityTokens?: number | undefined;
  /** The replica the physics runs the configuration as: its step, scheduler and KV cache. */
  replica?: Replica | undefined;
  /** A request's prompt on a free replica. */
  prefill: PrefillPrediction;
  quality: QualityPrediction;
  throughput: ThroughputPrediction;
  concurrency: ConcurrencyModel;
  /** What the backend runs at once when not told (the physics; the reference has no scheduler of its own). */
  backendConcurrency?: BackendConcurrency | undefined;
  /** The calibration factors the decode speed, prefill and concurrency were multiplied by (--calibration), if any. */
  calibration?: AppliedCalibration | undefined;
}

/** A deployment's latencies and cost, without the rest of an evaluation. */
export interface ScoredOption {
  sizing: Sizing;
  latency: LatencyPrediction;
  monthlyCost: number;
}

/** Among the deployments that carry the load: none, none within the SLO (and the fastest), or the cheapest within it. */
export type GateOutcome = { kind: "none" } | { kind: "slow"; best: ScoredOption } | { kind: "fits"; cheapest: ScoredOption };

/** What a request takes when it does not say: each engine's own (the reference's are its CLI's). */
export interface EngineDefaults {
  modelSize: string;
  hardware: string;
  requestRate: number;
  latencySloMs: number;
  qualityTarget: number;
  outputTokens: number;
  contextLength: number;
  /** Infinity: no budget. */
  budgetUsdPerMonth: number;
  /** How many candidates a plan returns when not told (Infinity: every one). */
  limit: number;
  /** Which prices a plan over several GPUs ranks on when not told (undefined: on demand). */
  priceBasis?: PriceBasisChoice;
  /** The workload preset that sets the prompt and output a request does not give (undefined: none, `outputTokens` and `contextLength` alone). */
  workload?: WorkloadName | undefined;
}

/**
 * The laws that predict, chosen once when the coefficients load: the reference's (TR133's six models and
 * its N agents, for its coefficient file) or the physics (the memory roofline, the serving mechanisms,
 * replicas apart from concurrency). Everything that differs between the two lives behind this interface:
 * defaults, the gates and workload checks, how a named deployment is read, the latency tail, warnings.
 */
export interface Engine {
  /** Which laws these are, for a person or a program to read; nothing branches on it. */
  readonly laws: "physics" | "reference";
  readonly defaults: EngineDefaults;
  /** The unit of every memory figure: GiB (the physics, as GPU memory is sized), or the reference's GB. */
  readonly memoryUnit: "GiB" | "GB";
  /** The latency percentiles these laws give (the reference: p95 alone). */
  readonly percentiles: readonly Percentile[];
  /** Whether latency() follows a closed loop of `scenario.closedLoopUsers` (the reference has no closed-loop law: it reads the request rate alone). */
  readonly closedLoop: boolean;
  /** Request fields these laws have nothing to apply to, refused when given (the reference: prefix caching, reasoning tokens, speculative decoding). */
  readonly refusedFields: readonly string[];
  /** The gates a scenario meets, in the order applied. */
  gates(scenario: Scenario): Gate[];
  /** Why a scenario's workload cannot run at all (the physics), or undefined (the reference planned every one). */
  workloadProblem(scenario: Scenario): WorkloadProblem | undefined;
  /**
   * The deployment a request names: replicas and requests per replica (the reference's N agents are
   * both, so either gives N and two that differ are refused with a "conflicting_fields" error).
   */
  deployment(asked: { replicas?: number | undefined; concurrency?: number | undefined }): { replicas: number; concurrency: number };
  /** Whether `backend` serves `quant` on `gpu` at all, with the scenario's KV cache type (and speculative method, where asked). */
  serves(backend: BackendSpec, quant: QuantLevel, gpu: Gpu, scenario: Pick<Scenario, "kvDtype" | "speculation" | "expertParallel">): boolean;
  /** The GPUs per replica the search weighs for this configuration (none: it cannot run as asked). */
  replicaSizes(model: ModelSpec, quant: QuantLevel, backend: BackendSpec, scenario: Scenario): readonly number[];
  /** The quality of a model in a format, as configurations carry it. */
  quality(model: ModelSpec, quant: QuantLevel): QualityPrediction;
  /** The deployment-independent predictions of a configuration under a scenario, on replicas of `gpusPerReplica` GPUs. */
  configure(model: ModelSpec, quant: QuantLevel, backend: BackendSpec, scenario: Scenario, gpusPerReplica?: number): ConfigPredictions;
  /**
   * The physics: a configuration with these calibration factors instead of the calibration file's (what
   * `calibrate` weighs as it fits them); the reference has none.
   */
  calibrated?(model: ModelSpec, quant: QuantLevel, backend: BackendSpec, scenario: Scenario, gpusPerReplica: number, factors: StepFactors): ConfigPredictions;
  /** A configuration on `replicas` replicas serving `concurrency` requests each. */
  deploy(config: ConfigPredictions, scenario: Scenario, replicas: number, concurrency: number): Sizing;
  /** Every deployment the search may consider, fewest GPUs first. */
  deployments(config: ConfigPredictions, scenario: Scenario): Sizing[];
  /** The most output tokens per second any of those deployments carries (what the capacity gate says a configuration falls short of). */
  mostTps(config: ConfigPredictions, scenario: Scenario): number;
  /** The deployments that carry the offered load, with their latencies and cost. */
  carrying(config: ConfigPredictions, scenario: Scenario): ScoredOption[];
  /** The queueing state of a deployment under the scenario's load, and the latencies it leads to. */
  latency(config: ConfigPredictions, sizing: Sizing, scenario: Scenario): LatencyPrediction;
  /** The cheapest deployment that carries the load within the SLO, or why there is none. */
  choose(config: ConfigPredictions, scenario: Scenario): GateOutcome;
  /**
   * The highest request rate at which some deployment of `config` within the budget meets the SLOs (0:
   * none); with `above`, 0 also when that rate is not above it (a caller after the highest of many skips
   * the deployments that cannot beat the best so far).
   */
  highestRate(config: ConfigPredictions, scenario: Scenario, above?: number): number;
  /** Warnings only these laws raise (the reference: a context beyond the model's window, which the physics refuses). */
  warnings(config: ConfigPredictions, sizing: Sizing, scenario: Scenario): PlanWarning[];
  /** Fields a candidate carries under these laws only (the reference's `n_agents`). */
  candidateFields(sizing: Sizing): { n_agents?: number };
}
