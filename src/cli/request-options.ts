import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { Option, type Command } from "commander";
import { KV_DTYPES, PLATFORMS, PRICE_BASIS_CHOICES, WORKLOADS, type KvDtype, type Platform, type PriceBasisChoice, type WorkloadName } from "../core/kinds.js";
import { ChimeraforgeError } from "../core/planner/errors.js";
import type { PredictRequest, SharedRequest, TraceRequest } from "../core/planner/requests.js";
import { readJson } from "../data/read-json-file.js";
import { DataFileError } from "../errors.js";
import { formatOption, type OutputFormat } from "./output-format.js";
import { boundedParser } from "./parse-options.js";

/** The parsed flags that `plan`, `predict` and their kin share: the model described, the GPU, the workload and its limits. */
export interface RequestFlags {
  modelConfig?: string;
  paramsB?: number;
  nLayers?: number;
  nKvHeads?: number;
  headDim?: number;
  hiddenSize?: number;
  contextWindow?: number;
  hardware?: string;
  gpuMemory?: number;
  gpuBandwidth?: number;
  gpuTflops?: number;
  gpuPrice?: number;
  gpuPlatform?: Platform;
  priceBasis?: PriceBasisChoice;
  ownedYears?: number;
  electricityUsdPerKwh?: number;
  /** What to call a GPU given by its figures: no flag sets it (--hardware auto does, for a GPU it found). */
  gpuName?: string;
  requestRate?: number;
  workload?: WorkloadName;
  latencySlo?: number;
  ttftSlo?: number;
  tpotSlo?: number;
  percentile?: string;
  arrival?: string;
  trace?: string;
  seed?: number;
  qualityTarget?: number;
  publishedQualityTarget?: number;
  unknownQuality?: "pass" | "reject";
  budget?: number;
  contextLength?: number;
  avgTokens?: number;
  promptTokens?: number;
  kvDtype?: KvDtype;
  ep?: boolean;
  prefixCacheHitRate?: number;
  sharedPrefixTokens?: number;
  reasoningTokens?: number;
  speculative?: string;
  acceptance?: number;
  speculativeTokens?: number;
  compareApi?: boolean;
  modelsPath?: string;
  calibration?: string;
  json?: boolean;
  format?: OutputFormat;
  color?: boolean;
}

/** Adds --model-config and the flags that describe a model by hand. */
export function addModelShapeOptions(command: Command): Command {
  return command
    .option("--model-config <file>", "a Hugging Face config.json on disk: that architecture (read offline)")
    .addOption(new Option("--params-b <billions>", "parameters in billions (a model with no config.json; with one, overrides it)").argParser(boundedParser("paramsB")))
    .addOption(new Option("--n-layers <n>", "decoder layers").argParser(boundedParser("layers")))
    .addOption(new Option("--n-kv-heads <n>", "key/value heads (GQA/MQA)").argParser(boundedParser("width")))
    .addOption(new Option("--head-dim <n>", "dimension of one attention head").argParser(boundedParser("width")))
    .addOption(new Option("--hidden-size <n>", "model width (d_model)").argParser(boundedParser("width")))
    .addOption(new Option("--context-window <tokens>", "the context the model was trained for").argParser(boundedParser("contextWindow")));
}

/**
 * Adds the GPU, workload, limit, data and output flags; `json` says what --json prints, `csv` what a row
 * of --format csv is, `hardware` what --hardware takes. Without `load` (capacity, which finds the rate),
 * the flags that set the offered load are left out: --request-rate, --arrival and --trace.
 */
export function addRequestOptions(command: Command, output: { json: string; csv: string }, hardware: string, load = true): Command {
  if (load) command.addOption(new Option("--request-rate <req/s>", "requests per second (default 1)").argParser(boundedParser("requestRate")));
  command
    .addOption(new Option("--latency-slo <ms>", "latency limit to the last token at --percentile, milliseconds (default 5000)").argParser(boundedParser("latencySloMs")))
    .addOption(new Option("--quality-target <score>", "lowest acceptable TR124/TR125 quality score, 0 to 1 (default 0.5; see 'Quality' below)").argParser(boundedParser("qualityTarget")))
    .addOption(
      new Option("--published-target <score>", "lowest acceptable Open LLM Leaderboard v2 score, 0 to 1, for a configuration without a TR124/TR125 score (default: none)").argParser(
        boundedParser("publishedQualityTarget"),
      ),
    )
    .addOption(new Option("--unknown-quality <policy>", "what the quality gate does with a configuration it has no score to judge (default pass)").choices(["pass", "reject"]))
    .addOption(new Option("--budget <dollars>", "highest monthly cost in dollars (default: none; the TR133 file's $100)").argParser(boundedParser("budgetUsdPerMonth")))
    .addOption(new Option("--hardware <gpu>", `${hardware} (default "RTX 4080 12GB")`))
    .addOption(new Option("--gpu-memory <GB>", "a GPU not in the database: its memory (with --gpu-bandwidth, instead of --hardware)").argParser(boundedParser("memoryGb")))
    .addOption(new Option("--gpu-bandwidth <GB/s>", "a GPU not in the database: its memory bandwidth").argParser(boundedParser("bandwidthGbps")))
    .addOption(new Option("--gpu-tflops <TFLOPS>", "its dense FP16 tensor TFLOPS (optional)").argParser(boundedParser("fp16Tflops")))
    .addOption(new Option("--gpu-platform <platform>", "its platform, for the kernels' fitted efficiencies (default: fitted over every platform)").choices(PLATFORMS))
    .addOption(new Option("--gpu-price <dollars/h>", "price per GPU-hour: for a GPU given by its figures, or to override a listed GPU's").argParser(boundedParser("usdPerHour")))
    .addOption(
      new Option(
        "--price-basis <basis>",
        "which prices GPUs are weighed at: on-demand, marketplace (spot, interruptible, peer-to-peer, batch tiers), owned (the purchase price over --owned-years), or any (each GPU's main price); over several GPUs, those without one are left out; one GPU without one takes its main price (default on-demand; the TR133 file: any)",
      ).choices(PRICE_BASIS_CHOICES),
    )
    .addOption(new Option("--owned-years <years>", "years an owned GPU's purchase price is spread over (default 3)").argParser(boundedParser("ownedYears")))
    .addOption(
      new Option("--electricity-usd-per-kwh <rate>", "dollars per kWh: owned hardware's cost adds the energy its GPUs draw at the predicted utilisation (default: not counted)").argParser(
        boundedParser("electricityUsdPerKwh"),
      ),
    )
    .addOption(
      new Option("--workload <preset>", "prompt and output tokens of a published trace's median request (agent: mean), where not given (default chat; see 'Workload' below)").choices(WORKLOADS),
    )
    .addOption(
      new Option("--context-length <tokens>", "context each request is served with, prompt and output together (default: the prompt and output)").argParser(boundedParser("contextLength")),
    )
    .addOption(new Option("--avg-tokens <tokens>", "output tokens per request (default: the workload's; 128 with --context-length alone)").argParser(boundedParser("outputTokens")))
    .addOption(new Option("--prompt-tokens <tokens>", "input tokens per request (default: the workload's; the context less the output with --context-length alone)").argParser(boundedParser("promptTokens")))
    .addOption(new Option("--ttft-slo <ms>", "time-to-first-token limit at --percentile, milliseconds (default: none)").argParser(boundedParser("ttftSloMs")))
    .addOption(new Option("--tpot-slo <ms>", "time-per-output-token limit at --percentile, milliseconds (default: none)").argParser(boundedParser("tpotSloMs")))
    .addOption(new Option("--percentile <p>", "the percentile the latency SLOs apply at (default 95)").choices(["50", "90", "95", "99"]));
  if (load) {
    command
      .addOption(
        new Option("--arrival <process>", "how requests arrive, for the replica simulator: poisson, gamma:<cv>, closed:<users> or burst:<n> (default poisson; predict with --concurrency and no --request-rate: closed)"),
      )
      .option("--trace <file>", "requests to simulate instead of --arrival: CSV or JSON lines of arrival_s, prompt_tokens, output_tokens");
  }
  return command
    .addOption(new Option("--seed <n>", "the simulator's seed: the same seed gives the same figures (default 1)").argParser(boundedParser("seed")))
    .addOption(new Option("--kv-dtype <type>", "KV cache data type, where the backend stores it (default fp16)").choices(KV_DTYPES))
    .option("--ep", "expert parallelism: a mixture of experts split over GPUs places each expert whole on one GPU (vLLM, SGLang, TensorRT-LLM; attention stays tensor parallel)")
    .addOption(
      new Option(
        "--prefix-cache-hit-rate <share>",
        "share of prompt tokens served from the backend's prefix cache, 0 to 1: read as KV, not computed (default: --shared-prefix-tokens over the prompt, else 0; backends without one ignore it)",
      ).argParser(boundedParser("prefixCacheHitRate")),
    )
    .addOption(
      new Option("--shared-prefix-tokens <tokens>", "tokens of a prefix every request shares (a system prompt): cached, and its KV held once per replica by a paged cache (vLLM, SGLang, TGI, TensorRT-LLM)").argParser(
        boundedParser("sharedPrefixTokens"),
      ),
    )
    .addOption(
      new Option("--reasoning-tokens <tokens>", "hidden reasoning tokens per request, generated before the output and not delivered: they take decode time, KV and money (default 0)").argParser(
        boundedParser("reasoningTokens"),
      ),
    )
    .addOption(
      new Option("--speculative <method>", "speculative decoding: draft:<model> (a registry model drafts), eagle (an EAGLE head) or mtp (the model's multi-token prediction heads: DeepSeek-V3, R1)"),
    )
    .addOption(new Option("--acceptance <rate>", "with --speculative: a drafted token's acceptance rate, 0 to 1 (default: the method's published figure)").argParser(boundedParser("acceptanceRate")))
    .addOption(new Option("--speculative-tokens <k>", "with --speculative: tokens drafted per step (default: the method's; draft 3, eagle 3, mtp 1)").argParser(boundedParser("speculativeTokens")))
    .option("--compare-api", "compare the cost with hosted API prices of the same model (a dated snapshot, data/api-prices.json) and give the request rate above which self-hosting is cheaper")
    .option("--models-path <file>", "coefficient file to use instead of data/fitted_models.json")
    .option("--calibration <file>", "a calibration written by 'chimeraforge calibrate': its factors correct the GPUs and backends it was fitted on")
    .option("--json", output.json)
    .addOption(formatOption(output.csv))
    .option("--no-color", "never colour the output");
}

/** What the quality scores are, how they gate and rank, and what the workload presets are: for --help (and the README). */
export const QUALITY_HELP = `
Quality: two benchmarks, never mixed. 'quality' is the TR124/TR125 score, 0 to 1
(mean composite accuracy over the Banterhearts reports' tasks), measured per
model and quantization; a quantization never measured takes the model's FP16
score plus the mean change it made to the measured models (estimated).
'quality_published' is the Open LLM Leaderboard v2 average, 0 to 1, of the
model's 16-bit checkpoint; a quantization with a TR125 mean drop takes it off
(estimated). The gate: --quality-target holds the TR124/TR125 score wherever
there is one; where there is none, --published-target (if given) holds
the published score; else the configuration passes, flagged (--unknown-quality
reject turns it away).
Ranking: cheapest first; at equal cost, by the TR124/TR125 score if every
configuration weighed has one, else by the published score if every one has
that, else by precision (bits per weight, higher first), so that no score is
ranked above or below an unknown one; then search order.

Workload: --workload chat|rag|code|summarize|agent sets the prompt and output
tokens not given to a published trace's median request (agent: its mean). With
the physics, chat (the Azure conversation trace) is the default; given
--context-length without --workload, the TR133 planner's meaning holds instead:
128 output tokens, and the prompt is the rest of the context. The TR133 file
has no preset by default. The plan's constraints say which applied.`;

/** A parsed config.json and the name to plan it under: its `_name_or_path`, else the file's name. */
function readModelConfig(file: string): { modelConfig: Record<string, unknown>; modelName: string } {
  let config: unknown;
  try {
    config = readJson(file);
  } catch (error) {
    if (error instanceof DataFileError) throw new ChimeraforgeError("invalid_model", { field: "modelConfig", detail: `: ${error.problem}` });
    throw error;
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new ChimeraforgeError("invalid_model", { field: "modelConfig", detail: ": (top level): expected a JSON object" });
  }
  const stated = (config as Record<string, unknown>)._name_or_path;
  return { modelConfig: config as Record<string, unknown>, modelName: typeof stated === "string" && stated.length > 0 ? stated : basename(file, extname(file)) };
}

/**
 * A trace file: one request per line, as CSV (arrival_s,prompt_tokens,output_tokens, a header line allowed)
 * or JSON lines ({"arrival_s": …, "prompt_tokens": …, "output_tokens": …}). A line that is neither is an
 * error naming the file and the line.
 */
function readTrace(file: string): TraceRequest[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ChimeraforgeError("invalid_field", { field: "trace", detail: `: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "unreadable"}).` });
  }
  const bad = (line: number, why: string) => new ChimeraforgeError("invalid_field", { field: "trace", detail: `: ${file} line ${line}: ${why}` });
  const requests: TraceRequest[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || (i === 0 && /^[a-z_]/i.test(line))) return;
    let values: unknown[];
    if (line.startsWith("{")) {
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw bad(i + 1, "not a JSON object");
      }
      values = [row.arrival_s, row.prompt_tokens, row.output_tokens];
    } else values = line.split(",").map((v) => Number(v.trim()));
    const [arrivalS, promptTokens, outputTokens] = values;
    if (typeof arrivalS !== "number" || typeof promptTokens !== "number" || typeof outputTokens !== "number" || values.length !== 3) {
      throw bad(i + 1, "expected arrival_s, prompt_tokens, output_tokens");
    }
    requests.push({ arrivalS, promptTokens, outputTokens });
  });
  if (requests.length === 0) throw new ChimeraforgeError("invalid_field", { field: "trace", detail: `: ${file} holds no request.` });
  return requests;
}

/** Drops the keys whose value is undefined, so a request says only what the flags said. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The request fields the shared flags give: a model described by a config.json or by hand, the GPU by
 * name or by its figures, the workload and its limits. Flags not given are left out: the laws' defaults
 * apply, and the answer's scope says which.
 */
export function requestFromFlags(opts: RequestFlags): SharedRequest {
  const shape = defined({
    paramsB: opts.paramsB,
    nLayers: opts.nLayers,
    nKvHeads: opts.nKvHeads,
    headDim: opts.headDim,
    hiddenSize: opts.hiddenSize,
    contextWindow: opts.contextWindow,
  });
  const figures = opts.gpuMemory !== undefined || opts.gpuBandwidth !== undefined;
  if (!figures) {
    for (const [key, flag] of [["gpuTflops", "--gpu-tflops"], ["gpuPlatform", "--gpu-platform"]] as const) {
      if (opts[key] !== undefined) throw new ChimeraforgeError("conflicting_fields", { field: "gpu", detail: `: ${flag} describes a GPU given by --gpu-memory and --gpu-bandwidth.` });
    }
  } else if (opts.gpuMemory === undefined) {
    throw new ChimeraforgeError("invalid_field", { field: "gpu", detail: ": --gpu-bandwidth needs --gpu-memory <GB> too." });
  } else if (opts.gpuBandwidth === undefined) {
    throw new ChimeraforgeError("invalid_field", { field: "gpu", detail: ": --gpu-memory needs --gpu-bandwidth <GB/s> too." });
  }
  return defined({
    ...(opts.modelConfig !== undefined ? readModelConfig(opts.modelConfig) : {}),
    modelShape: Object.keys(shape).length > 0 ? shape : undefined,
    hardware: opts.hardware,
    gpu: figures
      ? defined({ name: opts.gpuName, memoryGb: opts.gpuMemory!, bandwidthGbps: opts.gpuBandwidth!, fp16Tflops: opts.gpuTflops, platform: opts.gpuPlatform })
      : undefined,
    gpuUsdPerHour: opts.gpuPrice,
    priceBasis: opts.priceBasis,
    ownedYears: opts.ownedYears,
    electricityUsdPerKwh: opts.electricityUsdPerKwh,
    requestRate: opts.requestRate,
    workload: opts.workload,
    promptTokens: opts.promptTokens,
    outputTokens: opts.avgTokens,
    contextLength: opts.contextLength,
    latencySloMs: opts.latencySlo,
    ttftSloMs: opts.ttftSlo,
    tpotSloMs: opts.tpotSlo,
    percentile: opts.percentile === undefined ? undefined : (Number(opts.percentile) as 50 | 90 | 95 | 99),
    arrival: opts.arrival,
    trace: opts.trace === undefined ? undefined : readTrace(opts.trace),
    seed: opts.seed,
    qualityTarget: opts.qualityTarget,
    publishedQualityTarget: opts.publishedQualityTarget,
    unknownQuality: opts.unknownQuality,
    budgetUsdPerMonth: opts.budget,
    kvDtype: opts.kvDtype,
    expertParallel: opts.ep ? true : undefined,
    prefixCacheHitRate: opts.prefixCacheHitRate,
    sharedPrefixTokens: opts.sharedPrefixTokens,
    reasoningTokens: opts.reasoningTokens,
    speculative: opts.speculative,
    acceptanceRate: opts.acceptance,
    speculativeTokens: opts.speculativeTokens,
    compareApi: opts.compareApi ? true : undefined,
  });
}

/** The flags that name one deployment, as predict and capacity take them. */
export interface DeploymentFlags extends RequestFlags {
  model?: string;
  quant: string;
  backend: string;
  replicas?: number;
  concurrency?: number;
  tp?: 1 | 2 | 4 | 8;
}

/** The request for the one deployment the flags name (a flag not given is left out). */
export function deploymentFromFlags(opts: DeploymentFlags): PredictRequest {
  const request: PredictRequest = { ...requestFromFlags(opts), quant: opts.quant, backend: opts.backend };
  if (opts.model !== undefined) request.model = opts.model;
  if (opts.replicas !== undefined) request.replicas = opts.replicas;
  if (opts.concurrency !== undefined) request.concurrency = opts.concurrency;
  if (opts.tp !== undefined) request.tensorParallel = opts.tp;
  return request;
}
