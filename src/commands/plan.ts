import { Option, type Command } from "commander";
import type { PlanRequest } from "../core/planner/requests.js";
import type { PlanResult } from "../core/planner/results.js";
import { ChimeraforgeError } from "../core/planner/errors.js";
import type { Io } from "../cli/io.js";
import { loadPlanner } from "../cli/load-planner.js";
import { outputStyle } from "../cli/output-style.js";
import { boundedParser, tensorParallelParser } from "../cli/parse-options.js";
import { addModelShapeOptions, addRequestOptions, QUALITY_HELP, requestFromFlags, type RequestFlags } from "../cli/request-options.js";
import { writeJson } from "../cli/write-json.js";
import { listHardware } from "./list-hardware.js";
import { listModels } from "./list-models.js";

/** The parsed flags of `plan`. */
interface PlanFlags extends RequestFlags {
  modelSize?: string;
  model?: string;
  quant?: string;
  backend?: string;
  tp?: 1 | 2 | 4 | 8 | "auto";
  maxGpus?: number;
  explain?: boolean;
  top?: number;
  all?: boolean;
  listHardware?: boolean;
  listModels?: boolean;
}

const EXAMPLES = `
Examples:
  $ chimeraforge plan
  $ chimeraforge plan --model-size 3b --request-rate 2 --budget 50
  $ chimeraforge plan --model llama3.1:8b --hardware "RTX 4090 24GB" --request-rate 0.5 --latency-slo 3000
  $ chimeraforge plan --model llama3.1-70b --quant FP16 --backend vllm --hardware "A100 80GB SXM"
  $ chimeraforge plan --model-size 8b --hardware all --json | jq '.candidates[0]'
  $ chimeraforge plan --model-config ./config.json --gpu-memory 24 --gpu-bandwidth 936 --gpu-price 0.3
  $ chimeraforge plan --model-size 8b --hardware "RTX 4060 Ti 16GB" --budget 30 --explain`;

/** The request the flags of `plan` describe. */
function planRequest(opts: PlanFlags): PlanRequest {
  if (opts.all && opts.top !== undefined) throw new ChimeraforgeError("conflicting_fields", { field: "limit", detail: ": --all shows every candidate: give it or --top <n>, not both." });
  const request: PlanRequest = { ...requestFromFlags(opts) };
  if (opts.model !== undefined) request.model = opts.model;
  if (opts.modelSize !== undefined) request.modelSize = opts.modelSize;
  if (opts.quant !== undefined) request.quant = opts.quant;
  if (opts.backend !== undefined) request.backend = opts.backend;
  if (opts.tp !== undefined) request.tensorParallel = opts.tp;
  if (opts.maxGpus !== undefined) request.maxGpus = opts.maxGpus;
  if (opts.all) request.limit = "all";
  else if (opts.top !== undefined) request.limit = opts.top;
  return request;
}

/** The notes a plan's notices become on stderr, for a person. */
function notes(result: PlanResult): string {
  return result.notices
    .map((n) => {
      if (n.code === "unpriced_gpus") {
        const many = n.gpus.length > 1;
        return `note: ${n.gpus.length} GPU${many ? "s have" : " has"} no sourced price and ${many ? "were" : "was"} left out (give --gpu-price to include ${many ? "them" : "it"}): ${n.gpus.join(", ")}.\n`;
      }
      return `note: no model is within 50% of ${n.size_class}; planned the closest instead: ${n.models.join(", ")} (see 'chimeraforge list-models', or use --model <name>).\n`;
    })
    .join("");
}

/** Runs a plan and writes it: one JSON document, or the tables. */
async function runPlan(opts: PlanFlags, io: Io): Promise<void> {
  if (opts.listHardware) return listHardware(io, opts.json === true);
  if (opts.listModels) return listModels(io, opts.json === true);
  const request = planRequest(opts);
  const planner = await loadPlanner(io.dataDir, opts.modelsPath, opts.calibration);
  const result = opts.explain ? planner.explain(request) : planner.plan(request);
  io.stderr(notes(result));
  if (opts.json) return writeJson(io, result);
  const { renderPlan } = await import("../render/plan-report.js");
  const style = outputStyle(opts.color, io);
  io.stdout(renderPlan(result, style));
}

/** `chimeraforge plan`. */
export function addPlanCommand(program: Command, io: Io): void {
  const command = program
    .command("plan")
    .description("find the cheapest model, quantization, backend and GPU count that meet the constraints")
    .option("--model-size <size>", 'model size class: 0.5b, 1b, 3b, 8B, 70b, ... or "all" (default 3b)')
    .option("--model <name>", "plan these models only (comma-separated): a registry name, Hugging Face id or Ollama tag")
    .option("--quant <levels>", "plan these weight formats only (comma-separated): FP16, FP8, Q4_K_M, AWQ, ...")
    .option("--backend <names>", "plan these backends only (comma-separated): vllm, sglang, tgi, tensorrt-llm, llama.cpp, ollama");
  addModelShapeOptions(command);
  addRequestOptions(
    command,
    "print the plan as one JSON document: its scope, the ranked candidates, notices (with --explain, rejections and suggestions)",
    'GPU name (see list-hardware); a unique part of a name is enough; a comma-separated list, or "all" for the cheapest GPU',
  )
    .addOption(
      new Option("--tp <n>", 'GPUs per replica, the model split over them: 1, 2, 4, 8, or "auto" to weigh each (default: 1 when the model fits one GPU, else every split from the fewest it fits on)').argParser(
        tensorParallelParser(true),
      ),
    )
    .addOption(new Option("--max-gpus <n>", "the most GPUs a plan may bill, replicas × GPUs per replica (default 16)").argParser(boundedParser("maxGpus")))
    .option("--explain", "also show why every other configuration lost, and how far each constraint can go")
    .addOption(new Option("--top <n>", "show the best n candidates (per GPU with several GPUs; default 5, 1 per GPU with several, every one with the TR133 file)").argParser(boundedParser("limit")))
    .option("--all", "show every candidate")
    .option("--list-hardware", "list the known GPUs and exit")
    .option("--list-models", "list the known models and exit")
    .addHelpText("after", EXAMPLES + "\n" + QUALITY_HELP)
    .action(async (opts: PlanFlags) => runPlan(opts, io));
}
