import type { CalibrationFile } from "../calibrate/calibration-file.js";
import type { FittedModels } from "../../schema/fitted-models.js";
import type { Format, Kernel, KvDtype, LinkKind, Platform, PriceBasis, PriceBasisChoice, SpeculativeMethod, WorkloadName } from "../kinds.js";
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
  boostClockMhz?: SourcedFigure | undefined;
  /** Where the link's generation and rate come from. */
  interconnect?: string | undefined;
}

/** One model: its shape and parameter counts, from a config.json, the registry, or flags. */
export interface ModelSpec {
  name: string;
  /** Other names it answers to: the Hugging Face id, the Ollama tag, TR names. */
  aliases: readonly string[];
  /** Its Hugging Face repository id (models.json hf_id): what vLLM, SGLang, TGI and TensorRT-LLM load. */
  hfId?: string | undefined;
  /** Its Ollama library tag (models.json ollama). */
  ollamaTag?: string | undefined;
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
  /** Multi-token prediction modules shipped with the weights (DeepSeek-V3, R1); undefined: none, so no MTP speculative decoding. */
  mtp_layers?: number | undefined;
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
  /** Other spellings it answers to ("trtllm" for tensorrt-llm). */
  aliases?: readonly string[] | undefined;
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
  /** The vendor's GPU boost clock (Apple: GPU clock; AMD Instinct: peak engine clock), MHz; undefined when unsourced. */
  boostClockMhz?: number | undefined;
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

/** A workload preset: a request's prompt and output tokens, a statistic of a published trace (data/workloads.json). */
export interface WorkloadPreset {
  promptTokens: number;
  outputTokens: number;
  /** Which statistic of the trace: "median" or "mean". */
  statistic: string;
  /** The trace in a few words. */
  trace: string;
}

/** One public benchmark's scores of registry models' 16-bit checkpoints (data/quality-published.json). */
export interface PublishedScores {
  /** The benchmark in a few words ("Open LLM Leaderboard v2"). */
  benchmark: string;
  /** Each model's score on a 0–1 scale, by registry name, with the checkpoint evaluated and the date. */
  scores: ReadonlyMap<string, { score: number; variant: string; date: string }>;
}

/** One hosted API's price of a registry model (data/api-prices.json), per million tokens, with its page and the date it was checked. */
export interface ApiPrice {
  provider: string;
  /** The registry model it serves. */
  model: string;
  /** The provider's id for it. */
  providerModel: string;
  usdPer1mInput: number;
  usdPer1mOutput: number;
  source: string;
  date: string;
}

/** What a speculative decoding method takes when a request does not say (data/speculative.json): a drafted token's acceptance rate and the tokens drafted per step. */
export interface SpeculationDefaults {
  acceptance: number;
  draftTokens: number;
}

/** Everything the planner knows, validated and cross-checked: the core's only input besides a request. */
export interface Catalog {
  models: readonly ModelSpec[];
  quants: readonly QuantLevel[];
  backends: readonly BackendSpec[];
  gpus: readonly Gpu[];
  fitted: FittedModels;
  /** The workload presets a request may name. */
  workloads: Readonly<Record<WorkloadName, WorkloadPreset>>;
  /** A published benchmark's scores, kept apart from the TR124/TR125 ones (the physics' world; none for the reference's). */
  published?: PublishedScores | undefined;
  /** The laws that predict, chosen once from the coefficient file (with the calibration's factors, if any). */
  engine: Engine;
  /** How each backend runs and takes memory (data/engines.json, the same in either world). */
  backendFacts: BackendFactsFile;
  /** A calibration fitted on the user's own benchmark output (`calibrate`), which the engine applies. */
  calibration?: CalibrationFile | undefined;
  /** Hosted API prices of registry models, a dated snapshot (data/api-prices.json), for --compare-api. */
  apiPrices: readonly ApiPrice[];
  /** Each speculative decoding method's defaults (data/speculative.json). */
  speculation: Readonly<Record<SpeculativeMethod, SpeculationDefaults>>;
}

/** A requested model size: every model, those near a parameter count in billions, or named models. */
export type SizeClass = { kind: "all" } | { kind: "params"; billions: number } | { kind: "models"; models: readonly ModelSpec[] };

/** Speculative decoding as a scenario asks it: the method, the draft model (draft), and the figures the step takes. */
export interface ScenarioSpeculation {
  method: SpeculativeMethod;
  /** The registry model that drafts (method "draft"). */
  draftModel?: ModelSpec | undefined;
  /** A drafted token's acceptance rate (α), and the tokens drafted per step (k). */
  acceptance: number;
  draftTokens: number;
  /** Whether the request gave each figure (else it is the method's default, data/speculative.json). */
  given: { acceptance: boolean; draftTokens: boolean };
}

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
  /** Lowest acceptable quality score, in [0, 1], on the TR124/TR125 scale. */
  qualityTarget: number;
  /** Lowest acceptable score on the published benchmark, for a configuration without a TR124/TR125 score; undefined: none. */
  publishedQualityTarget?: number | undefined;
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
  /** A mixture of experts over several GPUs places each expert whole on one GPU (expert parallelism), on the backends that run it; backends that do not are left out. */
  expertParallel?: boolean | undefined;
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
  /** The share of prompt tokens a prefix cache serves; undefined: sharedPrefixTokens over the prompt, else none. */
  prefixCacheHitRate?: number | undefined;
  /** Tokens of a prefix every request shares; undefined: none. */
  sharedPrefixTokens?: number | undefined;
  /** Hidden reasoning tokens per request, generated before the output and not delivered; undefined: none. */
  reasoningTokens?: number | undefined;
  /** Speculative decoding; undefined: none. */
  speculation?: ScenarioSpeculation | undefined;
}

/**
 * How one serving backend runs and takes memory, per the version its facts were read at (data/engines.json).
 * Every memory figure is in GiB (2^30 bytes; fields end in `_gib`); fractions are of what `of` says.
 */
export interface BackendFacts {
  /** The version the flags are for, short (a release, or a commit where none could be determined). */
  version: string;
  /** The research's own words on the versions: of the flags, and of the memory and scheduler facts (SGLang's and TensorRT-LLM's were read at other commits). */
  version_notes: { flags: string; policy: string };
  /** The argv that starts the server ("vllm", "serve"). */
  command: readonly string[];
  command_source: string;
  /** How the model is named: positionally, by a flag, or (Ollama) to the client. */
  model: { how: "positional" | "flag" | "client"; flag?: string | undefined; source: string };
  /** The port the server listens on by default (llama.cpp: the port its docker examples use). */
  default_port: number;
  default_port_note?: string | undefined;
  /** Flags the launch command may emit or the facts below name, by their canonical spelling. */
  flags: Readonly<Record<string, BackendFlag>>;
  /** Environment variables the server reads (Ollama is configured only by them). */
  environment?: Readonly<Record<string, BackendSetting>> | undefined;
  /** Flags removed or deprecated at this version: never emitted. */
  removed?: Readonly<Record<string, { status: string; source: string }>> | undefined;
  /** Ollama: the client commands that load a model into `ollama serve`. */
  client?: { run: readonly string[]; create: readonly string[]; source: string; modelfile: { from_gguf: string; source: string } } | undefined;
  /** TensorRT-LLM: settings only a YAML file passed with `flag` takes, by dotted key. */
  config_file?: { flag: string; format: "yaml"; how: string; source: string; keys: Readonly<Record<string, Readonly<Record<string, unknown>>>>; note?: string | undefined } | undefined;
  /** Options that look like flags but are not (TensorRT-LLM). */
  not_flags?: Readonly<Record<string, string>> | undefined;
  /** llama.cpp: a quantized V cache needs Flash Attention. */
  flash_attn_requirement?: { statement: string; source: string } | undefined;
  docker: DockerFacts;
  /** How the planner's weight formats (fp8, awq, gptq) are named to it; absent: GGUF files only. */
  quantization?: { flag: string | null; planner: Readonly<Record<string, string>>; source: string; note?: string | undefined } | undefined;
  memory: MemoryPolicy;
  scheduler: SchedulerDefaults;
  prefix_caching: {
    supported: boolean;
    default_on: boolean;
    /** The flag or setting that turns it off (on by default). */
    switch: string | null;
    how: string;
    source: string;
    /** Whether a cached prefix's KV is held once for all the sequences that share it (paged blocks) or per slot (llama.cpp, Ollama). */
    shares_prefix_kv: boolean;
    shares_prefix_kv_source: string;
    notes?: string | undefined;
  };
  kv_cache_dtypes: {
    /** The flag or variable that sets it (null: a config-file key, `config_key`). */
    flag: string | null;
    config_key?: string | undefined;
    /** Its default (null: the model's dtype, no value). */
    default: string | null;
    values: readonly string[];
    /** Values the flag itself accepts where the source read for the flags lists fewer than `values`. */
    flag_values?: readonly string[] | undefined;
    /** The planner's KV types (fp16, fp8, q8_0, q4_0) as its values; null: leave unset (the model's dtype). */
    planner: Readonly<Record<string, string | null>>;
    how: string;
    source: string;
    notes?: string | undefined;
  };
  /** Which weight formats it serves (MXFP4, NVFP4, FP8, AWQ, GPTQ, GGUF): null where not verified. */
  weight_formats: Readonly<Record<string, { supported: boolean | null; gpus: string | null; source: string | null; notes?: string | undefined }>>;
  speculative: {
    /** `planner`: the --speculative method it is, where the planner models it. */
    methods: readonly { method: string; planner?: SpeculativeMethod | undefined; how: string | null; source: string }[];
    defaults?: string | undefined;
    notes?: string | undefined;
    config_key?: string | undefined;
    config_source?: string | undefined;
  };
  expert_parallel: { supported: boolean; flag: string | null; source: string; notes?: string | undefined };
}

/** One command-line flag: what it takes ("int", "float", "string", "bool-switch", "enum:a,b"), its default, its source. */
export interface BackendFlag {
  /** Other spellings accepted at this version. */
  aliases?: readonly string[] | undefined;
  takes: string;
  meaning: string;
  /** Its default at this version; null when unset or not read (see default_note). */
  default: number | string | boolean | null;
  source: string;
  /** The environment variable that also sets it. */
  env?: string | undefined;
  version_note?: string | undefined;
  default_note?: string | undefined;
  note?: string | undefined;
  alias_note?: string | undefined;
  also_in?: string | undefined;
}

/** One environment variable a server reads. */
export interface BackendSetting {
  takes: string;
  meaning: string;
  default?: number | string | boolean | null | undefined;
  source: string;
  note?: string | undefined;
}

/** The backend's docker image and how its container is run. */
export interface DockerFacts {
  image: string;
  /** The ROCm image, where sourced. */
  image_amd?: string | undefined;
  /** What follows the image: the server's arguments (server), a whole command (command), nothing (serve: the image runs `ollama serve`). */
  entrypoint: "server" | "command" | "serve";
  container_port: number;
  /** The documented `docker run` shares the host's IPC namespace. */
  ipc_host: boolean;
  /** The documented shared-memory size ("32g"), or null. */
  shm_size: string | null;
  ulimits?: Readonly<Record<string, number>> | undefined;
  volumes: readonly string[];
  /** Devices an AMD GPU needs in the container. */
  devices_amd?: readonly string[] | undefined;
  /** The documented `docker run` line. */
  run: string;
  source: string;
  note?: string | undefined;
}

/** How a backend takes GPU memory. GiB throughout. */
export interface MemoryPolicy {
  how: string;
  /** The memory knob; null for llama.cpp and Ollama, which fit weights, KV and compute buffers into free memory. */
  fraction: MemoryFraction | null;
  /** SGLang: the rule that computes mem_fraction_static when it is not given. */
  static_reserve?: StaticReserveRule | undefined;
  /** llama.cpp: --fit, on by default, fits unset arguments into device memory less a margin. */
  fit?: { default_on: boolean; margin_gib: number; min_context_tokens: number; rule: string; source: string } | undefined;
  /** llama.cpp and Ollama: how the KV cache is sized from the context and slots. */
  kv_sizing?: { rule: string; sources: readonly string[] } | undefined;
  /** Memory it keeps beside weights and KV (activations, CUDA graphs, minimums), with numbers where sourced. */
  reserves: readonly MemoryReserve[];
  /** Tokens per KV block (null: not a paged engine, or not read). */
  kv_block_tokens: { default: number | null; by_attention?: Readonly<Record<string, number>> | undefined; source?: string | undefined; notes?: string | undefined };
}

/** A memory fraction a backend takes, of `of`. */
export interface MemoryFraction {
  /** Its name in the backend's config (gpu_memory_utilization). */
  name: string;
  flag: string;
  /** total: of the GPU's memory (weights, activations, KV); total_static: of the GPU's memory, for weights and KV only; free_after_weights: of what is free once the model is loaded, for KV. */
  of: "total" | "total_static" | "free_after_weights";
  /** Its default (null: computed, see `rule` / static_reserve). */
  default: number | null;
  /** The largest value it accepts. */
  max: number;
  /** TGI: the share of the free memory within the fraction that KV blocks get (TGI_WIGGLE_ROOM). */
  kv_share_of_free?: number | undefined;
  rule?: string | undefined;
  source: string;
  history?: string | undefined;
  notes?: string | undefined;
}

/** SGLang's default mem_fraction_static: (memory − reserved) / memory, the reserve from these numbers (GiB). */
export interface StaticReserveRule {
  base_gib: number;
  gib_per_activation_token: number;
  /** Activation tokens are max(chunked_prefill_size, this). */
  min_activation_tokens: number;
  /** Per unit of tp × pp. */
  gib_per_tp_pp: number;
  gib_per_decode_graph_batch: number;
  /** Per prefill CUDA-graph capture size (non-MLA models); the count of sizes is not in the source read. */
  gib_per_prefill_graph_size: number;
  mla_prefill_graph_gib: number;
  /** The reserve is at least this on GPUs with more than `floor_above_memory_gib`. */
  floor_gib: number;
  floor_above_memory_gib: number;
  /** The fraction when the GPU's memory is unknown. */
  unknown_memory_fraction: number;
  /** By GPU memory, first match: the chunked-prefill size and the decode CUDA-graph batch (tp ≥ 4: `_tp4`). */
  tiers: readonly { below_memory_gib?: number | undefined; chunked_prefill_size: number; decode_graph_max_batch: number; decode_graph_max_batch_tp4: number }[];
  rule: string;
  source: string;
}

/** Memory a backend keeps beside weights and KV; the numeric fields present are those its source gives. */
export interface MemoryReserve {
  what: string;
  kind: "activations" | "cuda_graphs" | "parallel" | "floor" | "headroom" | "minimum" | "compute_buffer" | "host_cache" | "measured" | "other";
  /** A fixed amount. */
  gib?: number | undefined;
  /** Per captured CUDA graph, at most. */
  gib_per_graph_max?: number | undefined;
  /** The batch size graphs are captured up to by default. */
  default_max_batch?: number | undefined;
  /** Batch sizes captured by default. */
  graph_batch_sizes?: readonly number[] | undefined;
  /** A share of the free memory kept back. */
  fraction_of_free?: number | undefined;
  /** By GPU library (cuda_rocm, metal). */
  gib_by_library?: Readonly<Record<string, number>> | undefined;
  /** By batch size (Ollama's generation-batch surcharge). */
  gib_by_batch?: Readonly<Record<string, number>> | undefined;
  /** Measured per model: weights, peak_activation, non_torch, cudagraph, kv_cache. */
  measured_gib?: Readonly<Record<string, Readonly<Record<string, number>>>> | undefined;
  measured_on?: Readonly<Record<string, number | string>> | undefined;
  rule?: string | null | undefined;
  source: string;
  notes?: string | undefined;
}

/** A scheduler setting's default: a number, a rule by GPU memory (first tier that matches), or a formula. */
export interface SchedulerKnob {
  /** Its name in the backend (max_num_seqs). */
  name: string;
  /** The flag or environment variable that sets it (null: none on the command line). */
  flag: string | null;
  /** The default when no tier applies (null: derived, see rule; from the model, for a context). */
  default: number | null;
  /** What the flag's own default says when it is a sentinel (-1 = auto, 0 = from the model). */
  flag_default?: number | undefined;
  /** By GPU memory (GiB), first match: min_memory_gib ≤ memory < below_memory_gib, GPU names containing except_gpus excluded. */
  tiers?: readonly { min_memory_gib?: number | undefined; below_memory_gib?: number | undefined; except_gpus?: readonly string[] | undefined; value: number; llm_class?: number | undefined }[] | undefined;
  /** SGLang's running-request cap: min(clamp(kv_tokens / context × requests_per_context_fill, min_requests, max_requests), kv_tokens / kv_token_divisor). */
  formula?: { requests_per_context_fill: number; min_requests: number; max_requests: number; kv_token_divisor: number } | undefined;
  rule?: string | undefined;
  source: string;
  history?: string | undefined;
  notes?: string | undefined;
}

/** A backend's scheduler defaults: sequences decoded at once, the tokens a step batches, chunked prefill, context. */
export interface SchedulerDefaults {
  max_sequences: SchedulerKnob;
  batched_tokens: SchedulerKnob;
  chunked_prefill: { default: boolean | null; source?: string | undefined; history?: string | undefined; notes?: string | undefined };
  context: SchedulerKnob;
}

/** data/engines.json: the facts of every backend, and how GPUs are given to a process or a container. */
export interface BackendFactsFile {
  unit: "GiB";
  /** The environment variable that picks a process's GPUs, per platform. */
  device_visibility: Readonly<Record<"nvidia" | "amd", { variable: string; source: string }>>;
  compose: { gpu_reservation: string; source: string };
  backends: Readonly<Record<string, BackendFacts>>;
}
