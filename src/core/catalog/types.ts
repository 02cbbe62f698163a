import type { CalibrationFile } from "../calibrate/calibration-file.js";
import type { FittedModels } from "../../schema/fitted-models.js";
import type { Format, Kernel, KvDtype, Platform } from "../kinds.js";
import type { KvGroup } from "../model/architecture.js";
import type { Engine } from "../engines/engine.js";

export type { FittedModels, Kernel, Platform };

/** A per-GPU-hour price and where it comes from (data/hardware.json; its schema bounds each field). */
export interface Price {
  usd_per_hour: number;
  /** cloud_on_demand, or a stated alternative: serverless, capacity_block, marketplace, owned_amortised. */
  basis: string;
  provider?: string | undefined;
  source: string;
  /** ISO date the price was published or verified. */
  date: string;
  date_note?: string | undefined;
  note?: string | undefined;
}

/** One model: its shape and parameter counts, from a config.json, the registry, or flags. */
export interface ModelSpec {
  name: string;
  /** Other names it answers to: the Hugging Face id, the Ollama tag, TR names. */
  aliases: readonly string[];
  /** The config's model_type, "manual" for flags, "tr133" for the reference's registry. */
  family: string;
  /** Every parameter, billions. */
  params_b: number;
  /** Parameters one token uses (a mixture of experts routes each token to a few), billions. */
  active_params_b: number;
  /** Input embedding and output head (both when untied), billions; 0 when unknown. */
  embedding_params_b: number;
  /** The untied input embedding table, billions: a token reads one row of it. */
  input_embedding_params_b: number;
  n_layers: number;
  n_heads: number;
  n_kv_heads: number;
  d_head: number;
  hidden_size: number;
  context_window: number;
  /** What the KV cache holds per token, by group of layers. */
  kv: readonly KvGroup[];
  experts?: { total: number; perToken: number } | undefined;
  /** The count its publisher states, billions (for list-models and tests). */
  published_params_b?: number | undefined;
  published_active_params_b?: number | undefined;
  /** Where the architecture comes from. */
  source?: string | undefined;
}

/** One weight format or quantization level. */
export interface QuantLevel {
  name: string;
  bits_per_weight: number;
  format: Format;
  kernel: Kernel;
  /** The embedding and output head stay 16-bit (AWQ, GPTQ and FP8 checkpoints). */
  embeddings_16bit: boolean;
  source?: string | undefined;
}

/** One serving backend: what it serves, and where. */
export interface BackendSpec {
  name: string;
  description: string;
  /** Weight formats it serves; undefined: every format (the reference). */
  formats?: readonly Format[] | undefined;
  /** Platforms it runs on; undefined: every platform. */
  platforms?: readonly Platform[] | undefined;
  /** What its FP16 matrix multiplies accumulate in (llama.cpp: FP16); undefined: FP32. */
  accumulate?: "fp16" | "fp32" | undefined;
  /** KV cache data types it stores; undefined: FP16 only. */
  kv_dtypes?: readonly KvDtype[] | undefined;
  /** How one model spans several GPUs: every layer sharded (tensor) or whole layers per GPU (layer); undefined: one GPU. */
  split?: "tensor" | "layer" | undefined;
  /** Its default cap on sequences decoded at once; undefined: only the KV cache limits it. */
  max_sequences?: number | undefined;
}

/** One GPU: memory, bandwidth, compute and price. */
export interface Gpu {
  name: string;
  aliases: readonly string[];
  /** The platform whose kernels it runs; "any" for a GPU described only by its figures. */
  platform: Platform | "any";
  segment?: string | undefined;
  /** Device memory (Apple: unified memory), GB. */
  memory_gb: number;
  /** What a model may use of it, GB (Apple lets the GPU wire only part of unified memory). */
  vram_gb: number;
  bandwidth_gbps: number;
  /** Dense FP16 tensor TFLOPS (FP32 accumulate); undefined when unpublished. */
  fp16_tflops?: number | undefined;
  /** Dense FP16 tensor TFLOPS with FP16 accumulate, where faster (GeForce cards); undefined: the same. */
  fp16_acc_tflops?: number | undefined;
  fp8: boolean;
  /** The link tensor parallelism uses: its kind, and GB/s per direction (null: the kind's nominal rate). */
  interconnect?: { kind: string; gbps: number | null } | undefined;
  price?: Price | undefined;
  /** Dollars per GPU-hour: the price's, or one given with --gpu-price; undefined when unknown. */
  usd_per_hour?: number | undefined;
}

/** A GPU with a price: what a plan needs. */
export type PricedGpu = Gpu & { usd_per_hour: number };

/** Everything the planner knows, validated and cross-checked: the core's only input besides a request. */
export interface Catalog {
  models: readonly ModelSpec[];
  quants: readonly QuantLevel[];
  backends: readonly BackendSpec[];
  gpus: readonly Gpu[];
  fitted: FittedModels;
  /** The laws that predict, chosen once from the coefficient file (with the calibration's factors, if any). */
  engine: Engine;
  /** A calibration fitted on the user's own benchmark output (`calibrate`), which the engine applies. */
  calibration?: CalibrationFile | undefined;
}

/** A requested model size: every model, those near a parameter count in billions, or named models. */
export type SizeClass = { kind: "all" } | { kind: "params"; billions: number } | { kind: "models"; models: readonly ModelSpec[] };

/**
 * A request resolved against the catalog, on one GPU: the models, formats and backends to weigh, the
 * workload, its limits, and the bounds of a deployment. Every use case searches or predicts over one.
 */
export interface Scenario {
  sizeClass: SizeClass;
  /** Requests per second. */
  requestRate: number;
  /** p95 latency limit, milliseconds. */
  latencySloMs: number;
  /** Lowest acceptable quality score, in [0, 1]. */
  qualityTarget: number;
  /** Highest acceptable monthly cost, dollars. */
  budgetUsdPerMonth: number;
  gpu: PricedGpu;
  /** Context each sequence is served with, tokens: what its KV cache holds at most (prompt and output). */
  contextLength: number;
  /** Output tokens per request. */
  outputTokens: number;
  /** Input tokens per request; undefined: the context less the output (the physics), none (the reference). */
  promptTokens?: number | undefined;
  /** p95 time-to-first-token limit, milliseconds; undefined: no such gate. */
  ttftSloMs?: number | undefined;
  /** GPUs per replica: a number, "auto" to weigh 1, 2, 4 and 8, or undefined for the fewest the model fits on. */
  tensorParallel?: number | "auto" | undefined;
  /** The KV cache's data type (default FP16); a backend that cannot store it is not considered. */
  kvDtype?: KvDtype | undefined;
  /** The most GPUs one plan may bill (default MAX_GPUS_BILLED). */
  maxGpus?: number | undefined;
  /** What the quality gate does with a quality never measured: let it through (flagged), or turn it away. */
  unknownQuality?: "pass" | "reject" | undefined;
  /** Only these weight formats (undefined: every one). */
  quants?: readonly QuantLevel[] | undefined;
  /** Only these backends (undefined: every one). */
  backends?: readonly BackendSpec[] | undefined;
}
