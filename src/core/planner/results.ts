import type { Gate } from "../search/rejection.js";
import type { PriceBasis, PriceBasisChoice } from "../kinds.js";
import type { Provenance } from "../search/provenance.js";
import type { QualityTier } from "../laws/quality.js";
import type { PlanWarning } from "../search/warnings.js";
import type { Rejection } from "../search/rejection.js";
import type { QualityScale } from "../search/quality-verdict.js";
import type { QualityRanking } from "../search/ranking.js";
import type { WorkloadName } from "../kinds.js";
import type { CapacityBinding } from "../search/capacity.js";

export type { CapacityBinding, Gate, PlanWarning, Provenance, QualityRanking, QualityScale, QualityTier, Rejection, WorkloadName };

/** A score on the published benchmark (data/quality-published.json), kept apart from the TR124/TR125 `quality`. */
export interface PublishedQualityScore {
  /** The benchmark ("Open LLM Leaderboard v2"). */
  benchmark: string;
  /** Its score on a 0–1 scale (4 dp: the published 0–100 average, to 2 dp, over 100). */
  score: number;
  /** measured: the benchmark's score of the 16-bit checkpoint; estimated: that less TR125's mean drop for the format. */
  source: "measured" | "estimated";
  /** The checkpoint the benchmark evaluated (a Hugging Face id). */
  variant: string;
  /** When it was published. */
  date: string;
  /** For an estimate, the change applied: TR125's mean delta for the format when negative, else 0. */
  quant_delta?: number;
}

/** Where a GPU's memory goes, GB (2 dp); the parts sum to `vram_gb`. */
export interface VramBreakdown {
  weights_gb: number;
  kv_cache_gb: number;
  activations_gb: number;
  overhead_gb: number;
}

/** One deployed configuration with every prediction, rounded as printed. */
export interface Candidate {
  model: string;
  quant: string;
  backend: string;
  /** The GPU it runs on. */
  hardware: string;
  /** Replicas, each serving its share of the load. */
  replicas: number;
  /** GPUs each replica spans. */
  gpus_per_replica: number;
  /** GPUs billed: replicas × GPUs per replica. */
  gpus_billed: number;
  /** How a replica spans its GPUs: each layer sharded (tensor), whole layers per GPU (layer), or one GPU. */
  split: "none" | "tensor" | "layer";
  /** The tensor-parallel size: the GPUs per replica of a tensor split, else 1. */
  tensor_parallel: number;
  /** The expert-parallel size: the GPUs a mixture's experts are spread over whole (--ep), else 1. */
  expert_parallel: number;
  /** Requests served at once on each replica. */
  concurrency: number;
  /** The reference's name for replicas (only with the TR133 coefficient file, whose N agents are both replicas and concurrency). */
  n_agents?: number;
  /** VRAM per GPU with its concurrent sequences, GB. */
  vram_gb: number;
  vram_breakdown: VramBreakdown;
  /** Quality score on the TR124/TR125 scale (measured, or estimated from the model's FP16 score); null when never measured. */
  quality: number | null;
  quality_tier: QualityTier;
  /** The published benchmark's score (its own scale, never converted to `quality`'s); null when it lists none for this model and format. */
  quality_published: PublishedQualityScore | null;
  /** Output tokens per second of one request alone. */
  throughput_tps: number;
  /** Output tokens per second of the whole deployment at full load. */
  total_throughput_tps: number;
  /** Per-request efficiency against one request alone. */
  eta: number;
  /** The prompt's prefill on a free replica, milliseconds (0 for the reference, which has no prompt). */
  prefill_ms: number;
  /** Prompt tokens per request the backend's prefix cache serves (read as KV, not computed); absent without prefix caching, or on a backend without a prefix cache. */
  cached_prompt_tokens?: number;
  /** p95 time to the first token, milliseconds; null when the deployment cannot carry the load. */
  ttft_ms: number | null;
  /** p95 time per output token after the first, milliseconds. */
  tpot_ms: number;
  /** p95 latency to the last token, milliseconds; null when the deployment cannot carry the load. */
  p95_latency_ms: number | null;
  /**
   * The physics: each latency at p50, p90, p95 and p99 by the analytic model, milliseconds (null when the
   * deployment cannot carry the load): time to first token, time per output token, inter-token latency, end to end.
   */
  percentiles?: Record<"ttft_ms" | "tpot_ms" | "itl_ms" | "e2e_ms", Record<"p50" | "p90" | "p95" | "p99", number | null>>;
  /** The physics: tokens of KV cache one replica holds. */
  kv_capacity_tokens?: number;
  /** The physics: the replica simulator's figures for this deployment, where it ran (the candidates ranked first, and predict). */
  simulated?: SimulatedFigures;
  /** Offered load over what the deployment carries. */
  utilisation: number;
  /** Dollars per month for every GPU billed (and, for owned hardware with an electricity rate, their energy); null when the price is unknown. */
  monthly_cost: number | null;
  /** Dollars per million generated tokens at full load (output and any hidden reasoning tokens); null when the price is unknown. */
  cost_per_1m_tok: number | null;
  /**
   * With reasoning tokens: dollars per million delivered (output) tokens at full load, cost_per_1m_tok ×
   * (output + reasoning) / output; null when the price is unknown. Absent without reasoning tokens (the same as cost_per_1m_tok).
   */
  cost_per_1m_delivered_tok?: number | null;
  /**
   * With reasoning tokens: p95 time to the first delivered (answer) token, milliseconds: the first generated
   * token (ttft_ms, a reasoning token: servers stream reasoning apart, as vLLM's and SGLang's reasoning
   * parsers do) and then the reasoning tokens at the p95 time per output token; null when saturated.
   */
  first_answer_ms?: number | null;
  /** With --compare-api: the model's hosted API prices beside this deployment (data/api-prices.json), each with its source and date. */
  api_comparison?: ApiComparison[];
  /** kWh the deployment's GPUs draw in a month at the predicted utilisation; null when the GPU's board power is unknown. */
  energy_kwh_per_month: number | null;
  /** What that energy costs a month (owned hardware with an electricity rate; part of monthly_cost); else null. */
  energy_usd_per_month: number | null;
  warnings: PlanWarning[];
  provenance: Provenance;
  /** With plan's maxRate: the highest request rate this deployment carries within every SLO, req/s (rounded down to 4 significant digits). */
  max_request_rate?: number;
  /** With plan's maxRate: what stops it carrying more (see CapacityResult). */
  binding?: CapacityBinding;
}

/** One hosted API's price of the candidate's model against the deployment. */
export interface ApiComparison {
  provider: string;
  /** The registry model, and the provider's id for it. */
  model: string;
  provider_model: string;
  usd_per_1m_input: number;
  usd_per_1m_output: number;
  /**
   * The same requests on the API, per million generated tokens (the basis of cost_per_1m_tok): a request's
   * prompt at the input price and every generated token (hidden reasoning billed as output) at the output price.
   */
  hosted_usd_per_1m_tok: number;
  /** What the API bills a month at the request rate (24 × 30 hours, as monthly_cost counts them). */
  hosted_usd_per_month: number;
  /**
   * The request rate above which this deployment costs less than the API: its monthly cost (flat up to its
   * capacity) over what one request per second costs a month on the API; null when the deployment's price
   * is unknown, or when even at its capacity the API costs less.
   */
  break_even_request_rate: number | null;
  source: string;
  /** When the price was checked. */
  date: string;
}

/** What the replica simulator made of a deployment (each replica takes an equal share of the load). */
export interface SimulatedFigures {
  /** How requests arrived: "poisson", "gamma:<cv>", "closed:<users>", "burst:<n>" or "trace". */
  arrival: string;
  /** Requests simulated per replica, and the generator's seed (the same seed gives the same figures). */
  requests: number;
  seed: number;
  percentiles: NonNullable<Candidate["percentiles"]>;
  /** Share of requests that met every latency SLO asked for, at any percentile. */
  goodput: number;
  /** Output tokens per second of the whole deployment over the run. */
  total_throughput_tps: number;
  /** Sequences running at once per replica, on average. */
  mean_batch: number;
  /** Requests evicted when the KV cache ran out and computed again. */
  preemptions: number;
  /** Whether the queue kept growing: the load is beyond what the deployment carries. */
  saturated: boolean;
  /** The latency gates the simulated figures miss at the request's percentile. */
  misses: ("latency" | "ttft" | "tpot")[];
}

/** A GPU a plan weighed, with the price it was weighed at. */
export interface ScopeGpu {
  name: string;
  memory_gb: number;
  bandwidth_gbps: number;
  /** Dollars per GPU-hour it was weighed at; null when no price is known (costs are then not predicted). */
  usd_per_hour: number | null;
  /** The price's basis (on_demand, marketplace, serverless, reserved, owned), "given" for a price the request set, null when unknown. */
  price_basis: PriceBasis | "given" | null;
}

/** Where a request's prompt length came from: given, a workload preset, or the context less the output. */
export type PromptSource = "given" | "workload" | "context";

/** Where a request's context length came from: given, the prompt and output together, or the default. */
export type ContextSource = "given" | "prompt_and_output" | "default";

/** A workload preset as a scope states it. */
export interface ScopeWorkload {
  preset: WorkloadName;
  /** The request fields it set (those the request did not give). */
  set: ("prompt_tokens" | "output_tokens")[];
  /** The trace's statistic it takes ("median", "mean") and the trace, in a few words (data/workloads.json has the source). */
  statistic: string;
  trace: string;
}

/** Everything that shaped an answer, defaults included, so that none is silent. */
export interface Scope {
  /** The laws that predicted: the physics, or the TR133 reference's (its coefficient file). */
  laws: "physics" | "reference";
  /** The models weighed. */
  models: string[];
  /** The size class asked for ("3b", "all"), or null when models were named. */
  size_class: string | null;
  /** The parameter counts the size class weighs, billions, both ends excluded: within 50% of it ("8b": 4 to 12); null for "all" or named models. */
  size_range_b: [number, number] | null;
  /** No model was within the size class: the closest was weighed instead. */
  size_class_substituted: boolean;
  hardware: ScopeGpu[];
  /** Which prices GPUs were weighed at: one basis, or each GPU's main price (any). */
  price_basis: PriceBasisChoice;
  /** Years an owned GPU's purchase is spread over, when one was priced so; else null. */
  owned_years: number | null;
  /** Dollars per kWh of owned hardware's energy, when given; else null. */
  electricity_usd_per_kwh: number | null;
  request_rate: number;
  /** The workload preset that set the prompt or output tokens (the fields it set; the trace and statistic they come from), or null. */
  workload: ScopeWorkload | null;
  prompt_tokens: number;
  /** Where the prompt length came from: given, the workload preset, or the context less the output. */
  prompt_source: PromptSource;
  output_tokens: number;
  context_length: number;
  /** Where the context length came from: given, the prompt and output together, or the default. */
  context_source: ContextSource;
  latency_slo_ms: number;
  ttft_slo_ms: number | null;
  tpot_slo_ms: number | null;
  /** The percentile the latency SLOs apply at. */
  percentile: number;
  /** The unit of every memory figure: GiB (2^30 bytes, the physics, as GPU memory is sized), or GB (the reference's). */
  memory_unit: "GiB" | "GB";
  /** The quality gate's floor on the TR124/TR125 scale. */
  quality_target: number;
  /** Its floor on the published benchmark's scale, for configurations without a TR124/TR125 score; null: none. */
  published_quality_target: number | null;
  unknown_quality: "pass" | "reject";
  /** What ordered configurations of equal cost: the TR124/TR125 score, the published benchmark's, or precision (bits per weight) when no one scale covers every configuration weighed; null for a prediction. */
  quality_ranking: QualityRanking | null;
  budget_usd_per_month: number | null;
  /** The most GPUs a plan may bill. */
  max_gpus: number;
  /** GPUs per replica as asked: a number, "auto", or null (the fewest the model fits on). */
  tensor_parallel: number | "auto" | null;
  /** Whether a mixture of experts over several GPUs was asked to spread its experts whole (--ep). */
  expert_parallel: boolean;
  kv_dtype: string;
  /** Weight formats and backends weighed, when the request narrowed them. */
  quants: string[] | null;
  backends: string[] | null;
  /** The share of prompt tokens served from a prefix cache, as asked (or the shared prefix's share of the prompt); null: none. Backends without a prefix cache ignore it (a warning says so). */
  prefix_cache_hit_rate: number | null;
  /** Tokens of a prefix every request shares, held once per replica by a paged KV cache; null: none. */
  shared_prefix_tokens: number | null;
  /** Hidden reasoning tokens per request, generated before the output; null: none. */
  reasoning_tokens: number | null;
  /** Speculative decoding as applied; null: none. */
  speculative: ScopeSpeculation | null;
  /** The request fields that took their default. */
  defaults: string[];
}

/** Speculative decoding as a scope states it. */
export interface ScopeSpeculation {
  method: "draft" | "eagle" | "mtp";
  /** The draft model (method draft), else null. */
  draft_model: string | null;
  /** A drafted token's acceptance rate and the tokens drafted per step, and where each came from (given, or data/speculative.json's default for the method). */
  acceptance: number;
  acceptance_source: "given" | "default";
  draft_tokens: number;
  draft_tokens_source: "given" | "default";
  /** Tokens a sequence advances per step on average: (1 − α^(k+1)) / (1 − α). */
  tokens_per_step: number;
}

/** A fact about a request worth telling the person who made it, as data. */
export type Notice =
  /** GPUs left out of a plan over several because they have no price on the basis it ranks on. */
  | { code: "unpriced_gpus"; basis: PriceBasisChoice; gpus: string[] }
  /** GPUs that publish no TFLOPS: a prompt's time on them is unknown, and over several GPUs their plans rank after the rest. */
  | { code: "prefill_unknown"; gpus: string[] }
  /** Owned GPUs whose board power is unknown: their energy is not counted. */
  | { code: "energy_unknown"; gpus: string[] }
  /** No model was within the size class: the closest was planned instead. */
  | { code: "size_class_substituted"; size_class: string; models: string[] }
  /** Models left out because the speculative method asked cannot draft for them (no MTP heads, a draft model of another vocabulary). */
  | { code: "speculation_skipped"; method: "draft" | "eagle" | "mtp"; models: string[] }
  /** Models --compare-api has no hosted price for (data/api-prices.json). */
  | { code: "api_price_unknown"; models: string[] };

/** One GPU's best plan within a plan over several. */
export interface GpuPlan {
  gpu: string;
  usd_per_hour: number;
  price_basis: PriceBasis | "given";
  /** Its best candidate, or null when nothing fits on it. */
  best: Candidate | null;
  /** Configurations weighed on it. */
  searched: number;
}

/** What a suggestion re-ran the search with and got: the recommendation at that value. */
export interface Admitted {
  model: string;
  quant: string;
  backend: string;
  replicas: number;
  gpus_per_replica: number;
  concurrency: number;
}

/** The request fields a suggestion may change, one at a time. */
export type SuggestionField = "budgetUsdPerMonth" | "latencySloMs" | "qualityTarget" | "requestRate" | "contextLength" | "maxGpus" | "tensorParallel" | "hardware";

/** One field changed alone, to the value at which the search admits a configuration (re-run to check). */
export interface Suggestion {
  field: SuggestionField;
  value: number | string;
  admits: Admitted;
}

/** A plan: the ranked survivors and what shaped them. */
export interface PlanResult {
  scope: Scope;
  /** Survivors, cheapest first, then highest quality (over every GPU planned, each GPU's best first). */
  candidates: Candidate[];
  /** Configurations that passed every gate; null when the search skipped those that could not rank. */
  passed: number | null;
  /** Configurations weighed. */
  searched: number;
  /** The gates, in the order applied. */
  gates: Gate[];
  /** How many configurations each gate turned away (of those judged). */
  rejected_by_gate: Record<Gate, number>;
  /** With several GPUs: each GPU's best plan, cheapest first. */
  per_gpu: GpuPlan[] | null;
  notices: Notice[];
  /** With explain, or when nothing fits and suggestions were asked for: one-field changes that admit a plan. */
  suggestions: Suggestion[] | null;
  /** With explain: every configuration a gate turned away. */
  rejected: Rejection[] | null;
}

/** One gate held against one deployment. */
export interface GateResult {
  gate: Gate;
  passed: boolean;
  /** The prediction, rounded in its unit; absent when it is not a number (see `prediction`). */
  value?: number;
  limit: number;
  /** How far inside the limit (positive) or beyond it; absent when the prediction is not a number. */
  margin?: number;
  unit: "tokens" | "GiB" | "GB" | "score" | "tok/s" | "ms" | "$/month";
  /** A prediction that is not a number: never measured, or a latency that grows without bound. */
  prediction?: "unknown" | "unbounded";
  /** The quality gate: the score it judged (tr: TR124/TR125 against --quality-target; published: the published benchmark against --published-target; none: neither known, the unknown-quality policy decided). */
  scale?: QualityScale;
}

/** A prediction: one deployment with every figure, each gate's verdict, and what shaped it. */
export interface PredictResult extends Candidate {
  /** Where the concurrency per replica came from: the request, the backend's own default (none given), or the laws' default (the reference's one agent). */
  concurrency_source: "given" | "backend_default" | "default";
  /** What the backend runs at once when not told: its setting and that setting's default, and the most its KV cache holds; null under the reference. */
  backend_concurrency: { setting: string; default: number; kv_cache_limit: number } | null;
  gates: GateResult[];
  passes_all_gates: boolean;
  /**
   * Whether the configuration runs at all: its memory and context gates pass. When false, the speeds are
   * what the laws give as if it ran (no simulation is run) and no table prints them.
   */
  fits: boolean;
  /** The gates that fail, in the order of `gates`. */
  failed_gates: GateResult["gate"][];
  scope: Scope;
}

/** How much one deployment carries within its SLOs: the answer of `capacity`. */
export interface CapacityResult {
  /**
   * The highest request rate (req/s) at which the deployment meets every latency SLO at the percentile,
   * rounded down to 4 significant digits; 0 when none holds even for a request alone (or it cannot run).
   */
  max_request_rate: number;
  /**
   * The most users of a closed loop (each sending its next request when its last completes) it serves
   * within every SLO (at most 100000); 0 when one user alone misses them; null when the laws have no
   * closed loop (the TR133 coefficient file).
   */
  max_concurrent_users: number | null;
  /**
   * What binds first at that rate: an SLO (`latency`, `ttft`, `tpot`), its throughput (`capacity`: it
   * saturates before any SLO), its KV cache (`kv_cache`: it saturates at the sequences the cache holds),
   * or what stops it running at all (`memory`, `context`).
   */
  binding: CapacityBinding;
  /** Whether the binding constraint fails with no load at all (a request alone on an idle deployment): the rate is then 0. */
  binding_alone: boolean;
  /** Requests per second the deployment completes at full load (the rate at which its queue grows without bound). */
  saturation_rps: number;
  /** Everything predict says of the deployment at max_request_rate (at 0.001 req/s when that is 0), with its gates and, for the physics, the simulator's check. */
  prediction: PredictResult;
  scope: Scope;
}

/** One group of a fleet as asked and priced: how many of which GPU. */
export interface FleetGroupScope {
  gpu: string;
  count: number;
  /** Dollars per GPU-hour on the fleet's price basis (owned by default: the purchase over the years); null when none is known. */
  usd_per_hour: number | null;
  price_basis: PriceBasis | "given" | null;
}

/** What one group of a fleet serves, and its share of the traffic. */
export interface FleetGroupPlan {
  gpu: string;
  /** GPUs the group holds. */
  gpus: number;
  /** Of them, the GPUs its replicas span (the rest idle: a replica of several GPUs leaves a remainder). */
  gpus_serving: number;
  /** Requests per second the group carries within every latency SLO. */
  highest_rate_rps: number;
  /** Its share of the traffic, 0 to 1: its highest rate over the fleet's. */
  traffic_share: number;
  /** Requests per second it is sent: its share of the request rate. */
  request_rate: number;
  /** The configuration it serves, with its latencies at its share of the load; null: it serves nothing (no configuration of the model fits it within the SLOs, or none at the fleet's quality). */
  serving: Candidate | null;
}

/** One model served over a whole fleet: each group's configuration, and whether the fleet carries the request rate. */
export interface FleetPlan {
  model: string;
  /** Whether the fleet carries the request rate within every latency SLO (each group within them at its share). */
  meets: boolean;
  /** Requests per second the whole fleet carries within the SLOs: its groups' sum. */
  highest_rate_rps: number;
  groups: FleetGroupPlan[];
  /** Every GPU of the fleet at its price, plus the energy of those that serve (when an electricity rate is given); null unless every GPU has a price. */
  monthly_cost: number | null;
  /** The energy of the GPUs that serve, a month; null when a board power (or, for dollars, the rate) is unknown. */
  energy_kwh_per_month: number | null;
  energy_usd_per_month: number | null;
}

/** A plan over a fleet of owned GPUs: the models it can serve, best first. */
export interface FleetResult {
  scope: Scope;
  fleet: FleetGroupScope[];
  /** Fleets that carry the request rate first, then the higher quality floor (the worst group's), then the more they carry. */
  plans: FleetPlan[];
  /** Configurations weighed over every group. */
  searched: number;
  notices: Notice[];
}
