import { Option, type Command } from "commander";
import { toCandidate } from "../core/candidate.js";
import { tallyGates } from "../core/gate-tally.js";
import { search } from "../core/search.js";
import { modelsForSize } from "../core/size-class.js";
import type { PlanRequest, SizeClass } from "../core/types.js";
import { loadCatalog } from "../data/load-catalog.js";
import { useColor } from "../cli/color.js";
import type { Io } from "../cli/io.js";
import {
  parseBudget,
  parseLatencySlo,
  parseQualityTarget,
  parseRequestRate,
  parseTokens,
  sizeClassParser,
} from "../cli/parse-options.js";
import { resolveGpu } from "../cli/resolve-gpu.js";
import { writeJson } from "../cli/write-json.js";
import { listHardware } from "./list-hardware.js";
import { listModels } from "./list-models.js";

/** The reference CLI's defaults (PHASE1.md). */
export const PLAN_DEFAULTS = {
  modelSize: "3b",
  requestRate: 1.0,
  latencySlo: 5000,
  qualityTarget: 0.5,
  budget: 100,
  hardware: "RTX 4080 12GB",
  contextLength: 2048,
  avgTokens: 128,
} as const;

/** The parsed flags of `plan`. */
export interface PlanOptions {
  modelSize: SizeClass;
  requestRate: number;
  latencySlo: number;
  qualityTarget: number;
  budget: number;
  hardware: string;
  contextLength: number;
  avgTokens: number;
  modelsPath?: string;
  json: boolean;
  listHardware: boolean;
  listModels: boolean;
  color: boolean;
}

const EXAMPLES = `
Examples:
  $ chimeraforge plan
  $ chimeraforge plan --model-size 3b --request-rate 2 --budget 50
  $ chimeraforge plan --model-size 8b --request-rate 0.5 --latency-slo 3000 \\
      --quality-target 0.6 --hardware "RTX 4090 24GB" --budget 100
  $ chimeraforge plan --model-size all --hardware 4090 --json | jq '.[0]'
  $ chimeraforge plan --list-hardware`;

/** Runs a plan and writes it: the ranked survivors as JSON, or the tables. */
export async function runPlan(opts: PlanOptions, io: Io): Promise<void> {
  if (opts.listHardware) return listHardware(io, opts.json);
  if (opts.listModels) return listModels(io, opts.json);
  const catalog = await loadCatalog({ dataDir: io.dataDir, modelsPath: opts.modelsPath });
  const request: PlanRequest = {
    sizeClass: opts.modelSize,
    requestRate: opts.requestRate,
    latencySloMs: opts.latencySlo,
    qualityTarget: opts.qualityTarget,
    budget: opts.budget,
    gpu: resolveGpu(catalog.gpus, opts.hardware),
    contextLength: opts.contextLength,
    avgTokens: opts.avgTokens,
  };
  const result = search(catalog, request);
  const candidates = result.candidates.map((e) => toCandidate(e, request.gpu.name));
  if (opts.json) return writeJson(io, candidates);
  const [{ renderPlanReport }, { createPaint }] = await Promise.all([
    import("../render/plan-report.js"),
    import("../render/paint.js"),
  ]);
  const view = {
    request,
    models: modelsForSize(catalog.models, request.sizeClass).map((m) => m.name),
    candidates,
    searched: result.searched,
    rejectedByGate: tallyGates(result.rejected),
  };
  io.stdout(renderPlanReport(view, createPaint(useColor(opts.color, io)), io.isTTY ? io.columns : undefined));
}

/** `chimeraforge plan` with the reference's flags and defaults. */
export function addPlanCommand(program: Command, io: Io): void {
  const d = PLAN_DEFAULTS;
  program
    .command("plan")
    .description("find the cheapest model, quantization, backend and GPU count that meet the constraints")
    .addOption(
      new Option("--model-size <size>", 'model size class: 0.5b, 1b, 3b, 8B, ... or "all"')
        .argParser(sizeClassParser)
        .default(sizeClassParser(d.modelSize), d.modelSize),
    )
    .addOption(new Option("--request-rate <req/s>", "requests per second").argParser(parseRequestRate).default(d.requestRate))
    .addOption(new Option("--latency-slo <ms>", "p95 latency limit in milliseconds").argParser(parseLatencySlo).default(d.latencySlo))
    .addOption(
      new Option("--quality-target <score>", "lowest acceptable quality score, 0 to 1")
        .argParser(parseQualityTarget)
        .default(d.qualityTarget),
    )
    .addOption(new Option("--budget <dollars>", "highest monthly cost in dollars").argParser(parseBudget).default(d.budget))
    .addOption(new Option("--hardware <gpu>", "GPU name (see --list-hardware); a unique part of a name is enough").default(d.hardware))
    .addOption(
      new Option("--context-length <tokens>", "context length per request").argParser(parseTokens).default(d.contextLength),
    )
    .addOption(new Option("--avg-tokens <tokens>", "output tokens per request").argParser(parseTokens).default(d.avgTokens))
    .option("--models-path <file>", "coefficient file to use instead of data/fitted_models.json")
    .option("--json", "print the ranked candidates as one JSON array", false)
    .option("--list-hardware", "list the known GPUs and exit", false)
    .option("--list-models", "list the known models and exit", false)
    .option("--no-color", "never colour the output")
    .addHelpText("after", EXAMPLES)
    .action(async (opts: PlanOptions) => runPlan(opts, io));
}
