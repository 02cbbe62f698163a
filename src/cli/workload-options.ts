import { Option, type Command } from "commander";
import type { Catalog, PlanRequest, SizeClass } from "../core/types.js";
import {
  parseBudget,
  parseLatencySlo,
  parseQualityTarget,
  parseRequestRate,
  parseTokens,
} from "./parse-options.js";
import { resolveGpu } from "./resolve-gpu.js";

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

/** The parsed workload, constraint and data flags that `plan` and `predict` share. */
export interface WorkloadOptions {
  requestRate: number;
  latencySlo: number;
  qualityTarget: number;
  budget: number;
  hardware: string;
  contextLength: number;
  avgTokens: number;
  modelsPath?: string;
  json?: boolean;
  color: boolean;
}

/** Adds the workload, constraint and data flags to a command; `json` says what --json prints. */
export function addWorkloadOptions(command: Command, json: string): Command {
  const d = DEFAULTS;
  return command
    .addOption(new Option("--request-rate <req/s>", "requests per second").argParser(parseRequestRate).default(d.requestRate))
    .addOption(new Option("--latency-slo <ms>", "p95 latency limit in milliseconds").argParser(parseLatencySlo).default(d.latencySlo))
    .addOption(
      new Option("--quality-target <score>", "lowest acceptable quality score, 0 to 1").argParser(parseQualityTarget).default(d.qualityTarget),
    )
    .addOption(new Option("--budget <dollars>", "highest monthly cost in dollars").argParser(parseBudget).default(d.budget))
    .addOption(new Option("--hardware <gpu>", "GPU name (see list-hardware); a unique part of a name is enough").default(d.hardware))
    .addOption(new Option("--context-length <tokens>", "context length per request").argParser(parseTokens).default(d.contextLength))
    .addOption(new Option("--avg-tokens <tokens>", "output tokens per request").argParser(parseTokens).default(d.avgTokens))
    .option("--models-path <file>", "coefficient file to use instead of data/fitted_models.json")
    .option("--json", json)
    .option("--no-color", "never colour the output");
}

/** The request the flags describe, with the GPU resolved against the catalog. */
export function toRequest(opts: WorkloadOptions, catalog: Catalog, sizeClass: SizeClass): PlanRequest {
  return {
    sizeClass,
    requestRate: opts.requestRate,
    latencySloMs: opts.latencySlo,
    qualityTarget: opts.qualityTarget,
    budget: opts.budget,
    gpu: resolveGpu(catalog.gpus, opts.hardware),
    contextLength: opts.contextLength,
    avgTokens: opts.avgTokens,
  };
}
