import { Option, type Command } from "commander";
import type { PredictRequest } from "../core/planner/requests.js";
import type { Io } from "../cli/io.js";
import { addLaunchOptions, launchOf, writeLaunch, type LaunchFlags } from "../cli/launch-options.js";
import { resolveAutoHardware } from "../cli/auto-hardware.js";
import { loadPlanner } from "../cli/load-planner.js";
import { outputStyle } from "../cli/output-style.js";
import { boundedParser, tensorParallelParser } from "../cli/parse-options.js";
import { addModelShapeOptions, addRequestOptions, deploymentFromFlags, QUALITY_HELP, type DeploymentFlags } from "../cli/request-options.js";
import { outputFormat } from "../cli/output-format.js";
import { writeJson } from "../cli/write-json.js";
import { ChimeraforgeError } from "../core/planner/errors.js";

/** The parsed flags of `predict`. */
interface PredictFlags extends DeploymentFlags, LaunchFlags {
  agents?: number;
}

const EXAMPLES = `
Examples:
  $ chimeraforge predict --model llama3.2-3b --quant Q4_K_M --backend ollama
  $ chimeraforge predict --model llama3.2-1b --quant FP16 --backend vllm --concurrency 8 --request-rate 3
  $ chimeraforge predict --model llama3.2-1b --quant FP16 --backend vllm --replicas 2 --concurrency 4 --json
  $ chimeraforge predict --model-config ./config.json --quant Q4_K_M --backend llama.cpp \\
      --gpu-memory 24 --gpu-bandwidth 1008 --gpu-price 0.7 --json
  $ chimeraforge predict --model llama3.1-70b --quant FP8 --backend vllm --hardware h100 --tp 2 --replicas 2 \\
      --concurrency 32 --launch compose`;

/** The request the flags of `predict` describe; --agents is --replicas by the reference's name. */
function predictRequest(opts: PredictFlags): PredictRequest {
  if (opts.agents !== undefined && opts.replicas !== undefined && opts.agents !== opts.replicas) {
    throw new ChimeraforgeError("conflicting_fields", { field: "replicas", value: String(opts.replicas), detail: `contradicts --agents ${opts.agents}: both count replicas.` });
  }
  return deploymentFromFlags({ ...opts, replicas: opts.replicas ?? opts.agents });
}

/** Predicts one deployment and writes every prediction and the gates' verdicts. */
async function runPredict(opts: PredictFlags, io: Io): Promise<void> {
  outputFormat(opts); // a --json and --format that disagree fail before any work
  const resolved = await resolveAutoHardware(opts, io, false);
  opts = resolved.flags;
  const request = predictRequest(opts);
  const planner = resolved.planner ?? (await loadPlanner(io.dataDir, opts.modelsPath, opts.calibration));
  const prediction = planner.predict(request);
  const launch = launchOf(planner, prediction, prediction.scope, opts);
  const format = outputFormat(opts);
  if (format === "json") return writeJson(io, launch === undefined ? prediction : { ...prediction, launch });
  if (format === "csv") {
    const { renderCsv } = await import("../render/csv.js");
    // Each gate's verdict under its name, so that its columns say which gate: gates.vram.margin.
    const gates = Object.fromEntries(prediction.gates.map(({ gate, ...verdict }) => [gate, verdict]));
    return io.stdout(renderCsv([{ ...prediction, gates }]));
  }
  const style = outputStyle(opts.color, io);
  if (await writeLaunch(io, launch, prediction, style)) return;
  const { renderPrediction } = await import("../render/prediction-report.js");
  io.stdout(renderPrediction(prediction, style));
}

/** `chimeraforge predict`: every prediction for one configuration you name. */
export function addPredictCommand(program: Command, io: Io): void {
  const command = program
    .command("predict")
    .description("predict one configuration you name, with where each number comes from and every gate's margin")
    .option("--model <name>", "a registry model: its name, Hugging Face id or Ollama tag (see list-models)")
    .requiredOption("--quant <level>", "weight format or quantization level (see list-models --formats): FP16, FP8, Q8_0, Q4_K_M, AWQ, ...")
    .requiredOption("--backend <name>", "serving backend: ollama, llama.cpp, vllm, tgi, sglang, tensorrt-llm")
    .addOption(new Option("--agents <n>", "the reference's N agents; the same as --replicas").argParser(boundedParser("replicas")))
    .addOption(new Option("--replicas <n>", "replicas, each serving its share of the load on --tp GPUs (default 1)").argParser(boundedParser("replicas")))
    .addOption(new Option("--concurrency <n>", "requests served at once on each replica (default 1)").argParser(boundedParser("concurrency")))
    .addOption(new Option("--tp <n>", "GPUs per replica, the model split over them: 1, 2, 4 or 8 (default 1)").argParser(tensorParallelParser(false)));
  addModelShapeOptions(command);
  addRequestOptions(
    command,
    {
      json: "print the prediction as one JSON object",
      csv: "one row: every prediction, each gate's verdict (gates.vram.value, ...) and the scope, nested fields as dotted columns, lists joined by ';'",
    },
    "GPU name (see list-hardware); a unique part of a name is enough; \"auto\" for this machine's (nvidia-smi, rocm-smi or system_profiler)",
  );
  addLaunchOptions(command, "this configuration")
    .addHelpText("after", EXAMPLES + "\n" + QUALITY_HELP)
    .action(async (opts: PredictFlags) => runPredict(opts, io));
}
