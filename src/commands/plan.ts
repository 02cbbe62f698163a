import { Option, type Command } from "commander";
import type { PlanRequest } from "../core/planner/requests.js";
import type { PlanResult } from "../core/planner/results.js";
import type { Planner } from "../core/planner/planner.js";
import { ChimeraforgeError } from "../core/planner/errors.js";
import type { Io } from "../cli/io.js";
import { addLaunchOptions, launchOf, writeLaunch, type LaunchFlags } from "../cli/launch-options.js";
import { resolveAutoHardware } from "../cli/auto-hardware.js";
import { loadPlanner } from "../cli/load-planner.js";
import { outputStyle } from "../cli/output-style.js";
import { boundedParser, tensorParallelParser } from "../cli/parse-options.js";
import { addModelShapeOptions, addRequestOptions, QUALITY_HELP, requestFromFlags, type RequestFlags } from "../cli/request-options.js";
import { outputFormat } from "../cli/output-format.js";
import { checkFilePath, writeFileAtomically } from "../cli/write-file-atomic.js";
import { writeJson } from "../cli/write-json.js";
import { BASIS_WORDS } from "../render/words.js";
import { listHardware } from "./list-hardware.js";
import { listModels } from "./list-models.js";

/** The parsed flags of `plan`. */
interface PlanFlags extends RequestFlags, LaunchFlags {
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
  report?: string;
  maxRate?: boolean;
  fleet?: string;
}

const EXAMPLES = `
Examples:
  $ chimeraforge plan
  $ chimeraforge plan --model-size 3b --request-rate 2 --budget 50
  $ chimeraforge plan --model llama3.1:8b --hardware "RTX 4090 24GB" --request-rate 0.5 --latency-slo 3000
  $ chimeraforge plan --model llama3.1-70b --quant FP16 --backend vllm --hardware "A100 80GB SXM"
  $ chimeraforge plan --model-size 8b --hardware all --json | jq '.candidates[0]'
  $ chimeraforge plan --model llama3.1-8b --hardware auto
  $ chimeraforge plan --model-size 8b --hardware "RTX 4090 24GB" --all --format csv > candidates.csv
  $ chimeraforge plan --model-config ./config.json --gpu-memory 24 --gpu-bandwidth 936 --gpu-price 0.3
  $ chimeraforge plan --model-size 8b --hardware "RTX 4060 Ti 16GB" --budget 30 --explain
  $ chimeraforge plan --model llama3.1-8b --hardware "H100 SXM" --max-rate
  $ chimeraforge plan --model llama3.1-8b --hardware h100 --request-rate 20 --launch
  $ chimeraforge plan --model llama3.1-8b --hardware h100 --request-rate 20 --launch compose --json | jq -r .launch.compose
  $ chimeraforge plan --model-size 8b --hardware "RTX 4090 24GB" --request-rate 2 --report plan.html
  $ chimeraforge plan --model llama3.1-8b --hardware "H100 SXM" --prompt-tokens 4096 --shared-prefix-tokens 3000
  $ chimeraforge plan --model gpt-oss-120b --hardware "H100 SXM" --reasoning-tokens 1000 --latency-slo 30000 --compare-api
  $ chimeraforge plan --model llama3.1-70b --hardware "H200 SXM" --speculative draft:llama3.2-1b --acceptance 0.7
  $ chimeraforge plan --model llama3.1-8b --fleet "2x RTX 4090,1x RTX A6000" --request-rate 8`;

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
  if (opts.fleet !== undefined) request.fleet = opts.fleet;
  if (opts.all) request.limit = "all";
  else if (opts.top !== undefined) request.limit = opts.top;
  if (opts.maxRate) request.maxRate = true;
  return request;
}

/** The notes a plan's notices become on stderr, for a person. */
function notes(result: Pick<PlanResult, "notices">): string {
  return result.notices
    .map((n) => {
      if (n.code === "unpriced_gpus") {
        const many = n.gpus.length > 1;
        return (
          `note: ${n.gpus.length} GPU${many ? "s have" : " has"} no ${BASIS_WORDS[n.basis]} price and ${many ? "were" : "was"} left out ` +
          `(another --price-basis, or --gpu-price, includes ${many ? "them" : "it"}): ${n.gpus.join(", ")}.\n`
        );
      }
      if (n.code === "prefill_unknown") {
        return (
          `note: ${n.gpus.join(", ")} ${n.gpus.length > 1 ? "publish" : "publishes"} no TFLOPS: prompt processing, first token and latency there are unknown ` +
          `(counted as one pass over the weights), so ${n.gpus.length > 1 ? "their plans rank" : "its plans rank"} after those of GPUs with known figures; ` +
          `--gpu-memory, --gpu-bandwidth and --gpu-tflops plan a GPU on your figures.\n`
        );
      }
      if (n.code === "energy_unknown") {
        return `note: no sourced board power for ${n.gpus.join(", ")}: ${n.gpus.length > 1 ? "their" : "its"} energy is not counted in the monthly cost.\n`;
      }
      if (n.code === "speculation_skipped") {
        return `note: --speculative ${n.method} cannot draft for ${n.models.join(", ")} (${n.method === "mtp" ? "no multi-token prediction heads" : "the draft model's vocabulary differs, or it is the model itself"}): left out of the plan.\n`;
      }
      if (n.code === "api_price_unknown") return `note: no hosted API price of ${n.models.join(", ")} in data/api-prices.json: --compare-api has nothing to compare ${n.models.length > 1 ? "them" : "it"} with.\n`;
      return `note: no model is within 50% of ${n.size_class}; planned the closest instead: ${n.models.join(", ")} (see 'chimeraforge list-models', or use --model <name>).\n`;
    })
    .join("");
}

/** Writes the plan's HTML report to `path`: its frontier and load sweep computed here, the page drawn by a pure renderer. */
async function writeReport(path: string, planner: Planner, request: PlanRequest, result: PlanResult, io: Io): Promise<void> {
  const [{ reportData }, { renderReportHtml }] = await Promise.all([import("../core/planner/report-data.js"), import("../render/report-html.js")]);
  const data = reportData(planner, request, result);
  writeFileAtomically(path, renderReportHtml(data, { version: __VERSION__ }), "report");
  const drawn = data.frontier.candidates.length;
  io.stderr(`note: wrote the report to ${path} (${drawn === 0 ? "nothing fits" : `${drawn} candidate${drawn === 1 ? "" : "s"} on its frontier chart`}).\n`);
}

/** Runs a plan and writes it: one JSON document, or the tables; with --report, an HTML page too (written first). */
async function runPlan(opts: PlanFlags, io: Io): Promise<void> {
  const format = outputFormat(opts);
  if (opts.listHardware) return listHardware(io, format);
  if (opts.listModels) return listModels(io, format);
  // A fleet names its GPUs: --hardware (auto included) is refused beside it, before any detection.
  if (opts.fleet !== undefined) return writeFleet(planRequest(opts), opts, await loadPlanner(io.dataDir, opts.modelsPath, opts.calibration), io);
  // This machine's GPUs are matched to the database, so it is loaded first.
  const resolved = await resolveAutoHardware(opts, io, true);
  if (resolved.planner) return writePlan(planRequest(resolved.flags), opts, resolved.planner, io);
  const request = planRequest(opts);
  // A path that cannot take the file is refused before the planner loads.
  if (opts.report !== undefined) checkFilePath(opts.report, "report");
  return writePlan(request, opts, await loadPlanner(io.dataDir, opts.modelsPath, opts.calibration), io);
}

/** What a fleet plan does not take: each of these plans or writes one configuration on GPUs to weigh. */
const NOT_WITH_FLEET: readonly [keyof PlanFlags, string][] = [
  ["explain", "--explain"],
  ["report", "--report"],
  ["launch", "--launch"],
];

/** Runs a fleet plan (--fleet) and writes it: one JSON document, or the tables. */
async function writeFleet(request: PlanRequest, opts: PlanFlags, planner: Planner, io: Io): Promise<void> {
  for (const [key, flag] of NOT_WITH_FLEET) {
    if (opts[key] !== undefined && opts[key] !== false) throw new ChimeraforgeError("conflicting_fields", { field: "fleet", detail: `plans GPUs owned: ${flag} is not taken with it.` });
  }
  const format = outputFormat(opts);
  if (format === "csv") throw new ChimeraforgeError("conflicting_fields", { field: "fleet", detail: "plans GPUs owned: give --json or the table, not --format csv." });
  const result = planner.fleet(request);
  io.stderr(notes(result));
  if (format === "json") return writeJson(io, result);
  const { renderFleet } = await import("../render/fleet-report.js");
  io.stdout(renderFleet(result, outputStyle(opts.color, io)));
}

/** Runs a plan request on `planner` and writes it as the flags ask; with --report, the HTML page first. */
async function writePlan(request: PlanRequest, opts: PlanFlags, planner: Planner, io: Io): Promise<void> {
  const result = opts.explain ? planner.explain(request) : planner.plan(request);
  if (opts.report !== undefined) await writeReport(opts.report, planner, request, result, io);
  const launch = launchOf(planner, result.candidates[0], result.scope, opts);
  io.stderr(notes(result));
  const format = outputFormat(opts);
  if (format === "json") return writeJson(io, launch === undefined ? result : { ...result, launch });
  if (format === "csv") {
    const { renderCsv } = await import("../render/csv.js");
    return io.stdout(renderCsv(result.candidates.map((c, i) => ({ rank: i + 1, ...c }))));
  }
  const style = outputStyle(opts.color, io);
  if (await writeLaunch(io, launch, result.candidates[0], style)) return;
  const { renderPlan } = await import("../render/plan-report.js");
  io.stdout(renderPlan(result, style));
}

/** `chimeraforge plan`. */
export function addPlanCommand(program: Command, io: Io): void {
  const command = program
    .command("plan")
    .description("find the cheapest model, quantization, backend and GPU count that meet the constraints")
    .option("--model-size <size>", 'model size class: 0.5b, 1b, 3b, 8B, 70b, ... or "all" (default 3b)')
    .option("--model <name>", "plan these models only (comma-separated): a registry name, Hugging Face id or Ollama tag")
    .option("--quant <levels>", "plan these weight formats only (comma-separated; see list-models --formats): FP16, FP8, Q4_K_M, AWQ, ...")
    .option("--backend <names>", "plan these backends only (comma-separated): vllm, sglang, tgi, tensorrt-llm, llama.cpp, ollama");
  addModelShapeOptions(command);
  addRequestOptions(
    command,
    {
      json: "print the plan as one JSON document: its scope, the ranked candidates, notices (with --explain, rejections and suggestions)",
      csv: "one row per candidate in rank order, nested fields as dotted columns (vram_breakdown.weights_gb), warnings as their codes joined by ';'",
    },
    'GPU name (see list-hardware); a unique part of a name is enough; a comma-separated list, "all" for the cheapest GPU, or "auto" for this machine\'s (nvidia-smi, rocm-smi or system_profiler; several identical GPUs also cap --max-gpus at their count)',
  )
    .addOption(
      new Option("--tp <n>", 'GPUs per replica, the model split over them: 1, 2, 4, 8, or "auto" to weigh each (default: 1 when the model fits one GPU, else every split from the fewest it fits on)').argParser(
        tensorParallelParser(true),
      ),
    )
    .option("--fleet <gpus>", 'plan over GPUs you own, such as "2x RTX 4090,1x RTX A6000": the model, format and backend each group serves, its replicas and share of the traffic, and whether the whole meets --request-rate within the SLOs (no price needed; owned prices and --electricity-usd-per-kwh give a cost)')
    .addOption(new Option("--max-gpus <n>", "the most GPUs a plan may bill, replicas × GPUs per replica (default 16; with --hardware auto, the count found)").argParser(boundedParser("maxGpus")))
    .option("--explain", "also show why every other configuration lost, and how far each constraint can go")
    .addOption(new Option("--top <n>", "show the best n candidates (per GPU with several GPUs; default 5, 1 per GPU with several, every one with the TR133 file)").argParser(boundedParser("limit")))
    .option("--all", "show every candidate")
    .option("--max-rate", "also find the highest request rate each candidate shown carries within the SLOs, and what binds there (one bisection each)")
    .option("--report <file>", "also write the plan as one self-contained HTML page: the constraints, the recommendation, and charts of the candidates' cost, latency and quality, their memory, and the recommendation under load")
    .option("--list-hardware", "list the known GPUs and exit")
    .option("--list-models", "list the known models and exit");
  addLaunchOptions(command, "the recommendation")
    .addHelpText("after", EXAMPLES + "\n" + QUALITY_HELP)
    .action(async (opts: PlanFlags) => runPlan(opts, io));
}
