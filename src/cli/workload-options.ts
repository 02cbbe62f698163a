import { Option, type Command } from "commander";
import { customGpu } from "../core/hardware/gpu.js";
import { KV_DTYPES, PLATFORMS, type KvDtype, type Platform } from "../core/kinds.js";
import { workloadProblem } from "../core/search/workload.js";
import type { Catalog, Gpu, Scenario, PricedGpu, SizeClass } from "../core/catalog/types.js";
import { UsageError } from "../errors.js";
import {
  parseBudget,
  parseGpuBandwidth,
  parseGpuMemory,
  parseGpuPrice,
  parseGpuTflops,
  parseLatencySlo,
  parsePromptTokens,
  parseQualityTarget,
  parseRequestRate,
  parseTokens,
  parseTtftSlo,
} from "./parse-options.js";
import { requirePrice, resolveGpus } from "./resolve-gpu.js";

/** The reference CLI's defaults (PHASE1.md). */
export const DEFAULTS = {
  modelSize: "3b",
  requestRate: 1.0,
  latencySlo: 5000,
  qualityTarget: 0.5,
  budget: 100,
  hardware: "RTX 4080 12GB",
  contextLength: 2048,
  avgTokens: 128,
} as const;

/** The parsed workload, constraint, GPU and data flags that `plan` and `predict` share. */
export interface WorkloadOptions {
  requestRate: number;
  latencySlo: number;
  qualityTarget: number;
  budget?: number;
  hardware: string;
  contextLength?: number;
  avgTokens: number;
  promptTokens?: number;
  ttftSlo?: number;
  kvDtype: KvDtype;
  tp?: number | "auto";
  gpuMemory?: number;
  gpuBandwidth?: number;
  gpuTflops?: number;
  gpuPrice?: number;
  gpuPlatform?: Platform;
  unknownQuality: "pass" | "reject";
  modelsPath?: string;
  json?: boolean;
  color: boolean;
}

/** Adds the workload, constraint, GPU and data flags to a command; `json` says what --json prints. */
export function addWorkloadOptions(command: Command, json: string, hardware: string): Command {
  const d = DEFAULTS;
  return command
    .addOption(new Option("--request-rate <req/s>", "requests per second").argParser(parseRequestRate).default(d.requestRate))
    .addOption(new Option("--latency-slo <ms>", "p95 latency limit in milliseconds").argParser(parseLatencySlo).default(d.latencySlo))
    .addOption(
      new Option("--quality-target <score>", "lowest acceptable quality score, 0 to 1 (see 'Quality' below)")
        .argParser(parseQualityTarget)
        .default(d.qualityTarget),
    )
    .addOption(
      new Option("--unknown-quality <policy>", "what the quality gate does with a model whose quality was never measured")
        .choices(["pass", "reject"])
        .default("pass"),
    )
    .addOption(new Option("--budget <dollars>", "highest monthly cost in dollars (default: none; the TR133 file's $100)").argParser(parseBudget))
    .addOption(new Option("--hardware <gpu>", hardware).default(d.hardware))
    .addOption(new Option("--gpu-memory <GB>", "a GPU not in the database: its memory (with --gpu-bandwidth, instead of --hardware)").argParser(parseGpuMemory))
    .addOption(new Option("--gpu-bandwidth <GB/s>", "a GPU not in the database: its memory bandwidth").argParser(parseGpuBandwidth))
    .addOption(new Option("--gpu-tflops <TFLOPS>", "its dense FP16 tensor TFLOPS (optional)").argParser(parseGpuTflops))
    .addOption(new Option("--gpu-platform <platform>", "its platform, for the kernels' fitted efficiencies (default: fitted over every platform)").choices(PLATFORMS))
    .addOption(new Option("--gpu-price <dollars/h>", "price per GPU-hour: for a GPU given by its figures, or to override a listed GPU's").argParser(parseGpuPrice))
    .addOption(
      new Option(
        "--context-length <tokens>",
        "context each request is served with, prompt and output together (default: the prompt and output with --prompt-tokens, else 2048)",
      ).argParser(parseTokens),
    )
    .addOption(new Option("--avg-tokens <tokens>", "output tokens per request").argParser(parseTokens).default(d.avgTokens))
    .addOption(
      new Option("--prompt-tokens <tokens>", "input tokens per request (default: the context less the output)").argParser(parsePromptTokens),
    )
    .addOption(new Option("--ttft-slo <ms>", "p95 time-to-first-token limit in milliseconds (default: none)").argParser(parseTtftSlo))
    .addOption(new Option("--kv-dtype <type>", "KV cache data type, where the backend stores it").choices(KV_DTYPES).default("fp16"))
    .option("--models-path <file>", "coefficient file to use instead of data/fitted_models.json")
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

/** Whether the user gave a flag (not just its default). */
export function given(command: Command, key: string): boolean {
  const source = command.getOptionValueSource(key);
  return source !== undefined && source !== "default";
}

/**
 * The GPUs the flags name, each with its price: a GPU described by --gpu-memory and --gpu-bandwidth, or
 * those --hardware names (one, a list, or all). --gpu-price overrides every price. With several GPUs, those
 * without a price are left out (and returned, so the caller can say so); with one, a missing price is an error.
 */
export function requestGpus(opts: WorkloadOptions, catalog: Catalog, command: Command): { gpus: PricedGpu[]; unpriced: Gpu[] } {
  const figures = opts.gpuMemory !== undefined || opts.gpuBandwidth !== undefined;
  if (figures) {
    if (given(command, "hardware")) throw new UsageError("option '--gpu-memory <GB>' describes a GPU: give it or --hardware, not both.");
    if (opts.gpuMemory === undefined) throw new UsageError("option '--gpu-bandwidth <GB/s>' needs --gpu-memory <GB> too.");
    if (opts.gpuBandwidth === undefined) throw new UsageError("option '--gpu-memory <GB>' needs --gpu-bandwidth <GB/s> too.");
    const gpu = customGpu({
      memoryGb: opts.gpuMemory,
      bandwidthGbps: opts.gpuBandwidth,
      tflops: opts.gpuTflops,
      platform: opts.gpuPlatform,
      costPerHour: opts.gpuPrice,
    });
    return { gpus: [requirePrice(gpu, undefined)], unpriced: [] };
  }
  for (const key of ["gpuTflops", "gpuPlatform"] as const) {
    if (opts[key] !== undefined) throw new UsageError(`option '--${key === "gpuTflops" ? "gpu-tflops" : "gpu-platform"}' describes a GPU given by --gpu-memory and --gpu-bandwidth.`);
  }
  const listed = resolveGpus(catalog.gpus, opts.hardware);
  if (listed.length === 1) return { gpus: [requirePrice(listed[0]!, opts.gpuPrice)], unpriced: [] };
  const gpus: PricedGpu[] = [];
  const unpriced: Gpu[] = [];
  for (const gpu of listed) {
    const cost = opts.gpuPrice ?? gpu.usd_per_hour;
    if (cost === undefined) unpriced.push(gpu);
    else gpus.push({ ...gpu, usd_per_hour: cost });
  }
  return { gpus, unpriced };
}

/**
 * The context each request is served with: as given; else, with --prompt-tokens, the prompt and output
 * together; else the reference's default.
 */
function contextLength(opts: WorkloadOptions): number {
  if (opts.contextLength !== undefined) return opts.contextLength;
  if (opts.promptTokens !== undefined) return opts.promptTokens + opts.avgTokens;
  return DEFAULTS.contextLength;
}

/**
 * The request the flags describe, on one GPU. Without --budget there is no budget, except for the
 * reference (the TR133 file), whose default was $100 a month.
 */
export function toRequest(opts: WorkloadOptions, sizeClass: SizeClass, gpu: PricedGpu, catalog: Pick<Catalog, "engine">): Scenario {
  return {
    sizeClass,
    requestRate: opts.requestRate,
    latencySloMs: opts.latencySlo,
    qualityTarget: opts.qualityTarget,
    budgetUsdPerMonth: opts.budget ?? (catalog.engine.kind === "reference" ? DEFAULTS.budget : Infinity),
    gpu,
    contextLength: contextLength(opts),
    outputTokens: opts.avgTokens,
    unknownQuality: opts.unknownQuality,
    ...(opts.promptTokens !== undefined ? { promptTokens: opts.promptTokens } : {}),
    ...(opts.ttftSlo !== undefined ? { ttftSloMs: opts.ttftSlo } : {}),
    ...(opts.kvDtype !== "fp16" ? { kvDtype: opts.kvDtype } : {}),
    ...(opts.tp !== undefined ? { tensorParallel: opts.tp } : {}),
  };
}

/**
 * Refuses a workload that cannot run (the physics; the reference planned them): more output than
 * context, or a prompt and output longer than the context given.
 */
export function checkWorkload(request: Scenario, catalog: Catalog): void {
  if (catalog.engine.kind === "reference") return;
  const problem = workloadProblem(request);
  if (!problem) return;
  if (problem.code === "output_exceeds_context") {
    throw new UsageError(
      `option '--avg-tokens <tokens>' argument '${problem.outputTokens}' does not fit the ${problem.contextLength}-token context: the output is part of it (raise --context-length).`,
    );
  }
  throw new UsageError(
    `option '--prompt-tokens <tokens>' argument '${problem.promptTokens}': with ${problem.outputTokens} output tokens it does not fit the ${problem.contextLength}-token --context-length.`,
  );
}
