import type { FittedModels } from "../schema/fitted-models.js";
import type { BackendsFile, HardwareFile, ModelsFile, QuantsFile } from "../schema/registry.js";

export type { FittedModels };

/** One model of the registry. */
export type ModelSpec = ModelsFile["models"][number];

/** One quantization level. */
export type QuantLevel = QuantsFile["quants"][number];

/** One serving backend. */
export type BackendSpec = BackendsFile["backends"][number];

/** One GPU of the hardware database. */
export type Gpu = HardwareFile["gpus"][number];

/** Everything the planner knows, validated and cross-checked: the core's only input besides a request. */
export interface Catalog {
  models: readonly ModelSpec[];
  quants: readonly QuantLevel[];
  backends: readonly BackendSpec[];
  gpus: readonly Gpu[];
  /** The GPU the throughput table was measured on (bandwidth scaling is relative to it). */
  referenceGpu: Gpu;
  fitted: FittedModels;
}

/** A requested model size: every model, or those near a parameter count in billions. */
export type SizeClass = { kind: "all" } | { kind: "params"; billions: number };

/** What the user asks the planner: the workload, the constraints and the GPU. */
export interface PlanRequest {
  sizeClass: SizeClass;
  /** Requests per second. */
  requestRate: number;
  /** p95 latency limit, milliseconds. */
  latencySloMs: number;
  /** Lowest acceptable quality score, in [0, 1]. */
  qualityTarget: number;
  /** Highest acceptable monthly cost, dollars. */
  budget: number;
  gpu: Gpu;
  /** Context length per request, tokens. */
  contextLength: number;
  /** Output tokens per request. */
  avgTokens: number;
}
