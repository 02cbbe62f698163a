import { Option, type Command } from "commander";
import { toCandidate, type Candidate } from "../core/candidate.js";
import { predictDeployment, type GateCheck } from "../core/predict.js";
import { referenceSizing } from "../core/sizing.js";
import { MAX_INSTANCES } from "../core/search.js";
import { loadCatalog } from "../data/load-catalog.js";
import { useColor } from "../cli/color.js";
import type { Io } from "../cli/io.js";
import { positiveIntParser } from "../cli/parse-options.js";
import { resolveName } from "../cli/resolve-name.js";
import { addWorkloadOptions, toRequest, type WorkloadOptions } from "../cli/workload-options.js";
import { writeJson } from "../cli/write-json.js";

/** The parsed flags of `predict`. */
export interface PredictOptions extends WorkloadOptions {
  model: string;
  quant: string;
  backend: string;
  agents: number;
}

/** `predict --json`: a plan candidate's fields, plus each gate's verdict with its margin. */
export interface PredictionJson extends Candidate {
  gates: GateCheck[];
  passes_all_gates: boolean;
}

const EXAMPLES = `
Examples:
  $ chimeraforge predict --model llama3.2-3b --quant Q4_K_M --backend ollama
  $ chimeraforge predict --model llama3.2-1b --quant FP16 --backend vllm --agents 2 --request-rate 3 --json`;

/** Predicts one deployment and writes its six predictions and the gates' verdicts. */
export async function runPredict(opts: PredictOptions, io: Io): Promise<void> {
  const catalog = await loadCatalog({ dataDir: io.dataDir, modelsPath: opts.modelsPath });
  const model = resolveName(catalog.models, "--model <name>", opts.model, "model");
  const quant = resolveName(catalog.quants, "--quant <level>", opts.quant, "quant");
  const backend = resolveName(catalog.backends, "--backend <name>", opts.backend, "backend");
  const request = toRequest(opts, catalog, { kind: "all" });
  const { evaluation, gates } = predictDeployment(catalog, request, model, quant, backend.name, (config) =>
    referenceSizing(opts.agents, config.throughput.tokensPerSecond, config.concurrency.eta(opts.agents), request.avgTokens, request.gpu.cost_per_hour),
  );
  const prediction: PredictionJson = {
    ...toCandidate(evaluation, request.gpu.name),
    gates,
    passes_all_gates: gates.every((g) => g.passed),
  };
  if (opts.json) return writeJson(io, prediction);
  const [{ renderPrediction }, { createPaint }] = await Promise.all([
    import("../render/prediction-report.js"),
    import("../render/paint.js"),
  ]);
  io.stdout(renderPrediction(prediction, request, createPaint(useColor(opts.color, io)), io.isTTY ? io.columns : undefined));
}

/** `chimeraforge predict`: the six predictions for one configuration you name. */
export function addPredictCommand(program: Command, io: Io): void {
  const command = program
    .command("predict")
    .description("predict one configuration you name, with where each number comes from and every gate's margin")
    .requiredOption("--model <name>", "model name (see list-models)")
    .requiredOption("--quant <level>", "quantization level: FP16, Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q3_K_S, Q2_K")
    .requiredOption("--backend <name>", "serving backend: ollama, vllm, tgi")
    .addOption(
      new Option("--agents <n>", "GPU instances (the reference's N agents)").argParser(positiveIntParser(MAX_INSTANCES * 64)).default(1),
    );
  addWorkloadOptions(command)
    .addHelpText("after", EXAMPLES)
    .action(async (opts: PredictOptions) => runPredict(opts, io));
}
