import type { FittedModels } from "../../schema/fitted-models.js";
import type { Format, Kernel, KvDtype, LinkKind, Platform, PriceBasis, PriceBasisChoice } from "../kinds.js";
import type { Experts, KvGroup } from "../model/architecture.js";
import type { Engine } from "../engines/engine.js";
import type { Percentile } from "../laws/queue.js";

export type { FittedModels, Kernel, Platform };

/** A per-GPU-hour price and where it comes from (data/hardware.json; its schema bounds each field). */
export interface Price {
  usd_per_hour: number;
  /** on_demand, marketplace (spot, interruptible, peer-to-peer, batch tiers), serverless, reserved, owned; the reference's own. */
  basis: PriceBasis;
  provider?: string | undefined;
  source: string;
  /** ISO date the price was published or verified. */
  date: string;
  date_note?: string | undefined;
  note?: string | undefined;
}

/** What a GPU cost to buy (launch MSRP or list price), and where that comes from. */
interface Purchase {
  usd: number;
  source: string;
  /** ISO date the price was published; null when the source gives no day (dateNote says what it gives). */
  date: string | null;
  dateNote?: string | undefined;
}

/** A figure and where it comes from. */
export interface SourcedFigure {
  value: number;
  source: string;
  note?: string | undefined;
}

/** The sourced figures of a GPU as the database lists them (for list-hardware; the laws read the numbers above). */
interface GpuSources {
  /** Dense FP8 tensor TFLOPS with the accumulate its source states (GeForce headlines: FP16). */
  fp8Tflops?: (SourcedFigure & { accumulate?: "fp16" | "fp32" | undefined }) | undefined;
  fp4Tflops?: SourcedFigure | undefined;
  boardPowerW?: SourcedFigure | undefined;
  /** Where the link's generation and rate come from. */
  interconnect?: string | undefined;
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
  experts?: Experts | undefined;
  /** Vocabulary size: the logits a step computes per sequence (0 when unknown). */
  vocab_size: number;
  /** The only weight formats it is published in (gpt-oss: MXFP4); undefined: any format. */
  quants?: readonly string[] | undefined;
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
  /**
   * Dense FP8 tensor TFLOPS with FP32 accumulate, the rate FP8 serving kernels run at; undefined when no
   * source gives it (a GeForce headline is the FP16-accumulate rate, twice this).
   */
  fp8Tflops?: number | undefined;
  /** Dense FP4 tensor TFLOPS; undefined when unpublished or not supported. */
  fp4Tflops?: number | undefined;
  /** Board power (TDP, TGP or TBP), watts; undefined when unsourced. */
  boardPowerW?: number | undefined;
  /** What it cost to buy, for owned hardware. */
  purchase?: Purchase | undefined;
  /** The link tensor parallelism uses: its kind ("measured" for a validation row), and GB/s per direction (null: the kind's nominal rate). */
  interconnect?: { kind: LinkKind | "measured"; gbps: number | null } | undefined;
  /** The main sourced price. */
  price?: Price | undefined;
  /** Every sourced price, the main one first. */
  prices?: readonly Price[] | undefined;
  /** The sourced figures as the database lists them. */
  sources?: GpuSources | undefined;
  /** Dollars per GPU-hour: the price's, or one given with --gpu-price; undefined when unknown. */
  usd_per_hour?: number | undefined;
}

/** A GPU with a price: what a plan needs. */
export type PricedGpu = Gpu & { usd_per_hour: number };

/** How a request prices its GPUs. */
export interface Pricing {
  /** Which prices: one basis, or each GPU's main price ("any"). */
  choice: PriceBasisChoice;
  /** Years owned hardware's purchase is spread over. */
  ownedYears: number;
  /** Dollars per kWh of owned hardware's energy; undefined: energy is not billed. */
  electricityUsdPerKwh?: number | undefined;
  /** Dollars per GPU-hour the request sets, overriding every price. */
  override?: number | undefined;
}

/** How a scenario's GPU is billed: the basis of its price, and the energy owned hardware adds. */
export interface Billing {
  /** The price's basis; "given": the request set it; null: no price is known (costs are not predicted). */
  basis: PriceBasis | "given" | null;
  /** Dollars per kWh the deployment's energy is billed at (owned hardware); undefined: not billed. */
  electricityUsdPerKwh?: number | undefined;
  /** How the request prices GPUs, to weigh another GPU alike (a suggestion). */
  pricing: Pricing;
}

/** Everything the planner knows, validated and cross-checked: the core's only input besides a request. */
export interface Catalog {
  models: readonly ModelSpec[];
  quants: readonly QuantLevel[];
  backends: readonly BackendSpec[];
  gpus: readonly Gpu[];
  fitted: FittedModels;
  /** The laws that predict, chosen once from the coefficient file. */
  engine: Engine;
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
  /** Latency limit to the last token at `percentile`, milliseconds. */
  latencySloMs: number;
  /** The percentile the latency, first-token and per-token limits apply at (default 95). */
  percentile: Percentile;
  /** Lowest acceptable quality score, in [0, 1]. */
  qualityTarget: number;
  /** Highest acceptable monthly cost, dollars. */
  budgetUsdPerMonth: number;
  /**
   * The GPU with the price it is weighed at. Without a known price (billing.basis null) it carries one
   * dollar an hour as a stand-in, so that cost orders by GPUs billed; no cost is then reported.
   */
  gpu: PricedGpu;
  /** How the GPU is billed; undefined: at its price, which is known, with no energy added. */
  billing?: Billing | undefined;
  /** Context each sequence is served with, tokens: what its KV cache holds at most (prompt and output). */
  contextLength: number;
  /** Output tokens per request. */
  outputTokens: number;
  /** Input tokens per request; undefined: the context less the output (the physics), none (the reference). */
  promptTokens?: number | undefined;
  /** Time-to-first-token limit at `percentile`, milliseconds; undefined: no such gate. */
  ttftSloMs?: number | undefined;
  /** Time-per-output-token limit at `percentile`, milliseconds; undefined: no such gate. */
  tpotSloMs?: number | undefined;
  /** Clients in a closed loop, each sending its next request when its last completes (instead of arrivals at `requestRate`). */
  closedLoopUsers?: number | undefined;
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
