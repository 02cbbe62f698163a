import { Option, type Command } from "commander";
import { toCandidate } from "../core/search/candidate.js";
import { tallyGates } from "../core/search/gate-tally.js";
import { gatesOf } from "../core/search/rejection.js";
import { planAcross } from "../core/search/across.js";
import { search } from "../core/search/search.js";
import { modelsForSize } from "../core/model/size-class.js";
import { suggest } from "../core/search/suggest.js";
import type { Catalog, Scenario, PricedGpu, SizeClass } from "../core/catalog/types.js";
import { loadCatalog } from "../data/load-catalog.js";
import { UsageError } from "../errors.js";
import type { Io } from "../cli/io.js";
import { addModelOptions, customModel, resolveModels, type ModelFlags } from "../cli/model-options.js";
import { outputStyle } from "../cli/output-style.js";
import { sizeClassParser } from "../cli/parse-options.js";
import { addWorkloadOptions, checkWorkload, QUALITY_HELP, DEFAULTS, given, requestGpus, toRequest, type WorkloadOptions } from "../cli/workload-options.js";
import { parseMaxGpus, positiveIntParser, tensorParallelParser } from "../cli/parse-options.js";
import { writeJson } from "../cli/write-json.js";
import { listHardware } from "./list-hardware.js";
import { listModels } from "./list-models.js";

/** The parsed flags of `plan`. */
interface PlanOptions extends WorkloadOptions, ModelFlags {
  modelSize: SizeClass;
  model?: string;
  explain?: boolean;
  top?: number;
  all?: boolean;
  listHardware?: boolean;
  listModels?: boolean;
  maxGpus?: number;
}

/** How many candidates the tables show: the recommendation and four alternatives. */
const SHOWN_IN_TABLES = 5;

const EXAMPLES = `
Examples:
  $ chimeraforge plan
  $ chimeraforge plan --model-size 3b --request-rate 2 --budget 50
  $ chimeraforge plan --model llama3.1:8b --hardware "RTX 4090 24GB" --request-rate 0.5 --latency-slo 3000
  $ chimeraforge plan --model-size 8b --hardware all --json | jq '.[0]'
  $ chimeraforge plan --model-config ./config.json --gpu-memory 24 --gpu-bandwidth 936 --gpu-price 0.3
  $ chimeraforge plan --model-size 8b --hardware "RTX 4060 Ti 16GB" --budget 30 --explain`;

/** The models the flags ask for: named ones, one described by its config or figures, or a size class. */
function sizeClassOf(opts: PlanOptions, command: Command, models: Parameters<typeof resolveModels>[0]): SizeClass {
  const custom = customModel(opts);
  const sized = given(command, "modelSize");
  if (custom && opts.model !== undefined) throw new UsageError("option '--model <name>' names a registry model: give it or --model-config (or the model flags), not both.");
  if ((custom || opts.model !== undefined) && sized) {
    throw new UsageError(`option '--model-size <size>' plans a size class: give it or ${custom ? "--model-config" : "--model"}, not both.`);
  }
  if (custom) return { kind: "models", models: [custom] };
  if (opts.model !== undefined) return { kind: "models", models: resolveModels(models, opts.model) };
  return opts.modelSize;
}

/** Runs a plan and writes it: the ranked survivors as JSON, or the tables. */
async function runPlan(opts: PlanOptions, io: Io, command: Command): Promise<void> {
  if (opts.listHardware) return listHardware(io, opts.json === true);
  if (opts.listModels) return listModels(io, opts.json === true);
  const catalog = await loadCatalog({ dataDir: io.dataDir, modelsPath: opts.modelsPath });
  const sizeClass = sizeClassOf(opts, command, catalog.models);
  const { gpus, unpriced } = requestGpus(opts, catalog, command);
  if (unpriced.length > 0) {
    io.stderr(`note: ${unpriced.length} GPU${unpriced.length > 1 ? "s have" : " has"} no sourced price and ${unpriced.length > 1 ? "were" : "was"} left out (give --gpu-price to include ${unpriced.length > 1 ? "them" : "it"}): ${unpriced.map((g) => g.name).join(", ")}.\n`);
  }
  if (gpus.length === 0) throw new UsageError(`option '--hardware <gpu>' argument '${opts.hardware}': none of its GPUs has a price; give --gpu-price <dollars per hour>.`);
  if (opts.all && opts.top !== undefined) throw new UsageError("option '--all' shows every candidate: give it or --top <n>, not both.");
  if (gpus.length > 1) {
    if (opts.explain) throw new UsageError("option '--explain' explains a plan on one GPU; with several, run it per GPU (--hardware <gpu>).");
    const perGpu = opts.all ? Infinity : (opts.top ?? 1);
    const requests = gpus.map((gpu) => planRequest(opts, sizeClass, gpu, catalog));
    checkWorkload(requests[0]!, catalog);
    const across = planAcross(catalog, requests, perGpu);
    substitutionNotice(io, across.substituted, sizeClass, across.models);
    if (opts.json) return writeJson(io, across.candidates);
    const [{ renderAcrossReport }, style] = await Promise.all([import("../render/across-report.js"), outputStyle(opts.color, io)]);
    io.stdout(renderAcrossReport(across, style.paint, style.columns));
    return;
  }
  const request = planRequest(opts, sizeClass, gpus[0]!, catalog);
  checkWorkload(request, catalog);
  // Only what is shown is evaluated in full: every survivor in JSON, the recommendation and its alternatives in tables.
  const shown = opts.all ? Infinity : (opts.top ?? (opts.json ? Infinity : SHOWN_IN_TABLES));
  // Without --explain nothing but the best `shown` is printed: configurations that cannot rank among them are skipped.
  const result = search(catalog, request, shown, { bound: !opts.explain });
  const models = modelsForSize(catalog.models, request.sizeClass).map((m) => m.name);
  substitutionNotice(io, result.substituted, sizeClass, models);
  const candidates = result.candidates.map((e) => toCandidate(e, request.gpu.name));
  if (opts.json && !opts.explain) return writeJson(io, candidates);
  const nothingFits = candidates.length === 0;
  // Suggestions cost a few more searches: only with --explain, or for a person reading a plan that failed.
  const suggestions = nothingFits || opts.explain ? suggest(catalog, request, nothingFits) : undefined;
  if (opts.json) return writeJson(io, { candidates, rejected: result.rejected, suggestions });
  const [{ renderPlanReport }, style] = await Promise.all([import("../render/plan-report.js"), outputStyle(opts.color, io)]);
  const view = {
    request,
    models,
    substituted: result.substituted,
    candidates,
    passed: result.passed,
    searched: result.searched,
    rejectedByGate: tallyGates(result.rejected),
    gates: gatesOf(catalog.engine.gatesContext, request),
    rejected: opts.explain ? result.rejected : undefined,
    suggestions,
  };
  io.stdout(renderPlanReport(view, style.paint, style.columns));
}

/** The request of a plan: the shared flags, and the most GPUs it may bill. */
function planRequest(opts: PlanOptions, sizeClass: SizeClass, gpu: PricedGpu, catalog: Catalog): Scenario {
  return { ...toRequest(opts, sizeClass, gpu, catalog), ...(opts.maxGpus !== undefined ? { maxGpus: opts.maxGpus } : {}) };
}

/** When no model is within the size class, a person is told what was planned instead (JSON carries a warning code). */
function substitutionNotice(io: Io, substituted: boolean, size: SizeClass, models: readonly string[]): void {
  if (!substituted || size.kind !== "params") return;
  io.stderr(`note: no model is within 50% of ${size.billions}b; planned the closest instead: ${models.join(", ")} (see 'chimeraforge list-models', or use --model <name>).\n`);
}

/** `chimeraforge plan` with the reference's flags and defaults. */
export function addPlanCommand(program: Command, io: Io): void {
  const command = program
    .command("plan")
    .description("find the cheapest model, quantization, backend and GPU count that meet the constraints")
    .addOption(
      new Option("--model-size <size>", 'model size class: 0.5b, 1b, 3b, 8B, 70b, ... or "all"')
        .argParser(sizeClassParser)
        .default(sizeClassParser(DEFAULTS.modelSize), DEFAULTS.modelSize),
    )
    .option("--model <name>", "plan these models only (comma-separated): a registry name, Hugging Face id or Ollama tag");
  addModelOptions(command);
  addWorkloadOptions(
    command,
    "print the ranked candidates as one JSON array (with --explain, one object)",
    'GPU name (see list-hardware); a unique part of a name is enough; a comma-separated list, or "all" for the cheapest GPU',
  )
    .addOption(
      new Option("--tp <n>", 'GPUs per replica, the model split over them: 1, 2, 4, 8, or "auto" to weigh each (default: 1 when the model fits one GPU, else every split from the fewest it fits on)').argParser(
        tensorParallelParser(true),
      ),
    )
    .addOption(new Option("--max-gpus <n>", "the most GPUs a plan may bill, replicas × GPUs per replica (default 16)").argParser(parseMaxGpus))
    .option("--explain", "also show why every other configuration lost, and how far each constraint can go")
    .addOption(new Option("--top <n>", "show the best n candidates (per GPU with several GPUs; default: all in JSON for one GPU, 5 in tables, 1 per GPU)").argParser(positiveIntParser(100_000)))
    .option("--all", "show every candidate")
    .option("--list-hardware", "list the known GPUs and exit")
    .option("--list-models", "list the known models and exit")
    .addHelpText("after", EXAMPLES + "\n" + QUALITY_HELP)
    .action(async (opts: PlanOptions, cmd: Command) => runPlan(opts, io, cmd));
}
