import { Option, type Command } from "commander";
import { toCandidate } from "../core/candidate.js";
import { tallyGates } from "../core/gate-tally.js";
import { search } from "../core/search.js";
import { modelsForSize } from "../core/size-class.js";
import { suggest } from "../core/suggest.js";
import type { SizeClass } from "../core/types.js";
import { loadCatalog } from "../data/load-catalog.js";
import type { Io } from "../cli/io.js";
import { outputStyle } from "../cli/output-style.js";
import { sizeClassParser } from "../cli/parse-options.js";
import { addWorkloadOptions, DEFAULTS, toRequest, type WorkloadOptions } from "../cli/workload-options.js";
import { writeJson } from "../cli/write-json.js";
import { listHardware } from "./list-hardware.js";
import { listModels } from "./list-models.js";

/** The parsed flags of `plan`. */
export interface PlanOptions extends WorkloadOptions {
  modelSize: SizeClass;
  explain?: boolean;
  listHardware?: boolean;
  listModels?: boolean;
}

const EXAMPLES = `
Examples:
  $ chimeraforge plan
  $ chimeraforge plan --model-size 3b --request-rate 2 --budget 50
  $ chimeraforge plan --model-size 8b --request-rate 0.5 --latency-slo 3000 \\
      --quality-target 0.6 --hardware "RTX 4090 24GB" --budget 100
  $ chimeraforge plan --model-size all --hardware 4090 --json | jq '.[0]'
  $ chimeraforge plan --model-size 8b --hardware "RTX 4060 8GB" --budget 30 --explain`;

/** Runs a plan and writes it: the ranked survivors as JSON, or the tables. */
export async function runPlan(opts: PlanOptions, io: Io): Promise<void> {
  if (opts.listHardware) return listHardware(io, opts.json === true);
  if (opts.listModels) return listModels(io, opts.json === true);
  const catalog = await loadCatalog({ dataDir: io.dataDir, modelsPath: opts.modelsPath });
  const request = toRequest(opts, catalog, opts.modelSize);
  const result = search(catalog, request);
  const candidates = result.candidates.map((e) => toCandidate(e, request.gpu.name));
  if (opts.json && !opts.explain) return writeJson(io, candidates);
  const nothingFits = candidates.length === 0;
  // Suggestions cost a few more searches: only with --explain, or for a person reading a plan that failed.
  const suggestions = nothingFits || opts.explain ? suggest(catalog, request, nothingFits) : undefined;
  if (opts.json) return writeJson(io, { candidates, rejected: result.rejected, suggestions });
  const [{ renderPlanReport }, style] = await Promise.all([import("../render/plan-report.js"), outputStyle(opts.color, io)]);
  const view = {
    request,
    models: modelsForSize(catalog.models, request.sizeClass).map((m) => m.name),
    candidates,
    searched: result.searched,
    rejectedByGate: tallyGates(result.rejected),
    rejected: opts.explain ? result.rejected : undefined,
    suggestions,
  };
  io.stdout(renderPlanReport(view, style.paint, style.columns));
}

/** `chimeraforge plan` with the reference's flags and defaults. */
export function addPlanCommand(program: Command, io: Io): void {
  const command = program
    .command("plan")
    .description("find the cheapest model, quantization, backend and GPU count that meet the constraints")
    .addOption(
      new Option("--model-size <size>", 'model size class: 0.5b, 1b, 3b, 8B, ... or "all"')
        .argParser(sizeClassParser)
        .default(sizeClassParser(DEFAULTS.modelSize), DEFAULTS.modelSize),
    );
  addWorkloadOptions(command, "print the ranked candidates as one JSON array (with --explain, one object)")
    .option("--explain", "also show why every other configuration lost, and how far each constraint can go")
    .option("--list-hardware", "list the known GPUs and exit")
    .option("--list-models", "list the known models and exit")
    .addHelpText("after", EXAMPLES)
    .action(async (opts: PlanOptions) => runPlan(opts, io));
}
