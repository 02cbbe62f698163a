import { basename, extname } from "node:path";
import { Option, type Command } from "commander";
import { KV_DTYPES, PLATFORMS, type KvDtype, type Platform } from "../core/kinds.js";
import { ChimeraforgeError } from "../core/planner/errors.js";
import type { SharedRequest } from "../core/planner/requests.js";
import { readJson } from "../data/read-json-file.js";
import { DataFileError } from "../errors.js";
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
  requestRate?: number;
  latencySlo?: number;
  ttftSlo?: number;
  qualityTarget?: number;
  unknownQuality?: "pass" | "reject";
  budget?: number;
  contextLength?: number;
  avgTokens?: number;
  promptTokens?: number;
  kvDtype?: KvDtype;
  modelsPath?: string;
  calibration?: string;
  json?: boolean;
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

/** Adds the GPU, workload, limit and data flags; `json` says what --json prints, `hardware` what --hardware takes. */
export function addRequestOptions(command: Command, json: string, hardware: string): Command {
  return command
    .addOption(new Option("--request-rate <req/s>", "requests per second (default 1)").argParser(boundedParser("requestRate")))
    .addOption(new Option("--latency-slo <ms>", "p95 latency limit in milliseconds (default 5000)").argParser(boundedParser("latencySloMs")))
    .addOption(new Option("--quality-target <score>", "lowest acceptable quality score, 0 to 1 (default 0.5; see 'Quality' below)").argParser(boundedParser("qualityTarget")))
    .addOption(new Option("--unknown-quality <policy>", "what the quality gate does with a model whose quality was never measured (default pass)").choices(["pass", "reject"]))
    .addOption(new Option("--budget <dollars>", "highest monthly cost in dollars (default: none; the TR133 file's $100)").argParser(boundedParser("budgetUsdPerMonth")))
    .addOption(new Option("--hardware <gpu>", `${hardware} (default "RTX 4080 12GB")`))
    .addOption(new Option("--gpu-memory <GB>", "a GPU not in the database: its memory (with --gpu-bandwidth, instead of --hardware)").argParser(boundedParser("memoryGb")))
    .addOption(new Option("--gpu-bandwidth <GB/s>", "a GPU not in the database: its memory bandwidth").argParser(boundedParser("bandwidthGbps")))
    .addOption(new Option("--gpu-tflops <TFLOPS>", "its dense FP16 tensor TFLOPS (optional)").argParser(boundedParser("fp16Tflops")))
    .addOption(new Option("--gpu-platform <platform>", "its platform, for the kernels' fitted efficiencies (default: fitted over every platform)").choices(PLATFORMS))
    .addOption(new Option("--gpu-price <dollars/h>", "price per GPU-hour: for a GPU given by its figures, or to override a listed GPU's").argParser(boundedParser("usdPerHour")))
    .addOption(
      new Option("--context-length <tokens>", "context each request is served with, prompt and output together (default: the prompt and output with --prompt-tokens, else 2048)").argParser(
        boundedParser("contextLength"),
      ),
    )
    .addOption(new Option("--avg-tokens <tokens>", "output tokens per request (default 128)").argParser(boundedParser("outputTokens")))
    .addOption(new Option("--prompt-tokens <tokens>", "input tokens per request (default: the context less the output)").argParser(boundedParser("promptTokens")))
    .addOption(new Option("--ttft-slo <ms>", "p95 time-to-first-token limit in milliseconds (default: none)").argParser(boundedParser("ttftSloMs")))
    .addOption(new Option("--kv-dtype <type>", "KV cache data type, where the backend stores it (default fp16)").choices(KV_DTYPES))
    .option("--models-path <file>", "coefficient file to use instead of data/fitted_models.json")
    .option("--calibration <file>", "a calibration written by 'chimeraforge calibrate': its factors correct the GPUs and backends it was fitted on")
    .option("--json", json)
    .option("--no-color", "never colour the output");
}

/** What the quality score is, for --help (and the README). */
export const QUALITY_HELP = `
Quality: a score from 0 to 1, the mean composite accuracy of the model in that
quantization over the benchmark tasks of the Banterhearts reports (TR124, TR125).
A quantization never measured takes the model's FP16 score plus the mean change
that quantization made to the measured models. A model never measured has no
score: the quality gate lets it through, flagged, unless --unknown-quality reject.

Context: --context-length is what each request's KV cache holds (the TR133
planner's meaning); --prompt-tokens is its input, the context less the output
unless given; with --prompt-tokens alone, the context is prompt + output.`;

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
      ? defined({ memoryGb: opts.gpuMemory!, bandwidthGbps: opts.gpuBandwidth!, fp16Tflops: opts.gpuTflops, platform: opts.gpuPlatform })
      : undefined,
    gpuUsdPerHour: opts.gpuPrice,
    requestRate: opts.requestRate,
    promptTokens: opts.promptTokens,
    outputTokens: opts.avgTokens,
    contextLength: opts.contextLength,
    latencySloMs: opts.latencySlo,
    ttftSloMs: opts.ttftSlo,
    qualityTarget: opts.qualityTarget,
    unknownQuality: opts.unknownQuality,
    budgetUsdPerMonth: opts.budget,
    kvDtype: opts.kvDtype,
  });
}
