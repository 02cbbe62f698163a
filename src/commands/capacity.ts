import { Option, type Command } from "commander";
import type { CapacityRequest } from "../core/planner/requests.js";
import type { Io } from "../cli/io.js";
import { resolveAutoHardware } from "../cli/auto-hardware.js";
import { loadPlanner } from "../cli/load-planner.js";
import { outputStyle } from "../cli/output-style.js";
import { boundedParser, tensorParallelParser } from "../cli/parse-options.js";
import { addModelShapeOptions, addRequestOptions, deploymentFromFlags, type DeploymentFlags } from "../cli/request-options.js";
import { outputFormat } from "../cli/output-format.js";
import { writeJson } from "../cli/write-json.js";

/** The parsed flags of `capacity`. */
type CapacityFlags = DeploymentFlags;

const EXAMPLES = `
Examples:
  $ chimeraforge capacity --model llama3.1-8b --quant FP16 --backend vllm --hardware "H100 SXM"
  $ chimeraforge capacity --model llama3.1-8b --quant FP16 --backend vllm --hardware "H100 SXM" --ttft-slo 100 --json
  $ chimeraforge capacity --model llama3.1-70b --quant FP8 --backend sglang --hardware "H100 SXM" --tp 2 --replicas 2 \\
      --prompt-tokens 2000 --avg-tokens 300 --latency-slo 20000

The rate is the highest at which the analytic latencies meet every SLO at --percentile: 'predict
--request-rate <rate>' with the same flags meets them, and 10% more does not. The users are a closed loop:
each sends its next request when its last completes.`;

/** Finds how much one deployment carries and writes it. */
async function runCapacity(opts: CapacityFlags, io: Io): Promise<void> {
  outputFormat(opts); // a --json and --format that disagree fail before any work
  const resolved = await resolveAutoHardware(opts, io, false);
  opts = resolved.flags;
  // capacity's flags have no --request-rate, --arrival or --trace: the request is a capacity request.
  const request: CapacityRequest = deploymentFromFlags(opts);
  const planner = resolved.planner ?? (await loadPlanner(io.dataDir, opts.modelsPath, opts.calibration));
  const result = planner.capacity(request);
  const format = outputFormat(opts);
  if (format === "json") return writeJson(io, result);
  if (format === "csv") {
    const { renderCsv } = await import("../render/csv.js");
    // One row: the answer, then the prediction at that rate with each gate's verdict under its name (the scope once).
    const { scope, ...prediction } = result.prediction;
    const gates = Object.fromEntries(prediction.gates.map(({ gate, ...verdict }) => [gate, verdict]));
    const { max_request_rate, max_concurrent_users, binding, binding_alone, saturation_rps } = result;
    return io.stdout(renderCsv([{ max_request_rate, max_concurrent_users, binding, binding_alone, saturation_rps, prediction: { ...prediction, gates }, scope }]));
  }
  const { renderCapacity } = await import("../render/capacity-report.js");
  io.stdout(renderCapacity(result, outputStyle(opts.color, io)));
}

/** `chimeraforge capacity`: the most one deployment carries within the SLOs. */
export function addCapacityCommand(program: Command, io: Io): void {
  const command = program
    .command("capacity")
    .description("the highest request rate and the most concurrent users one deployment carries within the SLOs, and what binds first")
    .option("--model <name>", "a registry model: its name, Hugging Face id or Ollama tag (see list-models)")
    .requiredOption("--quant <level>", "weight format or quantization level (see list-models --formats): FP16, FP8, Q8_0, Q4_K_M, AWQ, ...")
    .requiredOption("--backend <name>", "serving backend: ollama, llama.cpp, vllm, tgi, sglang, tensorrt-llm")
    .addOption(new Option("--replicas <n>", "replicas, each serving its share of the load on --tp GPUs (default 1)").argParser(boundedParser("replicas")))
    .addOption(new Option("--concurrency <n>", "requests served at once on each replica (default: the backend's own limit, or what the KV cache holds)").argParser(boundedParser("concurrency")))
    .addOption(new Option("--tp <n>", "GPUs per replica, the model split over them: 1, 2, 4 or 8 (default 1)").argParser(tensorParallelParser(false)));
  addModelShapeOptions(command);
  addRequestOptions(
    command,
    {
      json: "print max_request_rate, max_concurrent_users, binding, the prediction at that rate and the scope as one JSON object",
      csv: "one row: the answer, then the prediction at that rate (prediction.*, each gate's verdict as prediction.gates.latency.value, ...) and the scope",
    },
    "GPU name (see list-hardware); a unique part of a name is enough; \"auto\" for this machine's (nvidia-smi, rocm-smi or system_profiler)",
    false,
  )
    .addHelpText("after", EXAMPLES)
    .action(async (opts: CapacityFlags) => runCapacity(opts, io));
}
