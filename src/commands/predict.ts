import { Option, type Command } from "commander";
import { toCandidate, type Candidate } from "../core/candidate.js";
import { predictDeployment, type GateCheck } from "../core/predict.js";
import { serves } from "../core/concurrency.js";
import { MAX_INSTANCES, usesReferenceSizing } from "../core/search.js";
import { UsageError } from "../errors.js";
import { loadCatalog } from "../data/load-catalog.js";
import type { Io } from "../cli/io.js";
import { outputStyle } from "../cli/output-style.js";
import { positiveIntParser } from "../cli/parse-options.js";
import { resolveName } from "../cli/resolve-name.js";
import { addWorkloadOptions, toRequest, type WorkloadOptions } from "../cli/workload-options.js";
import { writeJson } from "../cli/write-json.js";

/** The parsed flags of `predict`. */
export interface PredictOptions extends WorkloadOptions {
  model: string;
  quant: string;
  backend: string;
  agents?: number;
  replicas?: number;
  concurrency?: number;
}

/** `predict --json`: a plan candidate's fields, plus each gate's verdict with its margin. */
export interface PredictionJson extends Candidate {
  gates: GateCheck[];
  passes_all_gates: boolean;
}

const EXAMPLES = `
Examples:
  $ chimeraforge predict --model llama3.2-3b --quant Q4_K_M --backend ollama
  $ chimeraforge predict --model llama3.2-1b --quant FP16 --backend vllm --concurrency 8 --request-rate 3
  $ chimeraforge predict --model llama3.2-1b --quant FP16 --backend vllm --replicas 2 --concurrency 4 --json`;

/**
 * The deployment the flags name. With a serving section, --replicas (or --agents: GPUs) and --concurrency
 * (requests per GPU) are separate. Without one, the reference's N is both, so any of the three flags
 * gives N and, if several are given, they must agree.
 */
export function deployment(opts: PredictOptions, reference: boolean): { replicas: number; concurrency: number } {
  if (opts.agents !== undefined && opts.replicas !== undefined && opts.agents !== opts.replicas) {
    throw new UsageError(`option '--agents <n>' argument '${opts.agents}' contradicts --replicas ${opts.replicas}: both count GPUs.`);
  }
  const gpus = opts.replicas ?? opts.agents;
  if (!reference) return { replicas: gpus ?? 1, concurrency: opts.concurrency ?? 1 };
  if (gpus !== undefined && opts.concurrency !== undefined && gpus !== opts.concurrency) {
    throw new UsageError(
      `option '--concurrency <n>' argument '${opts.concurrency}' differs from ${gpus} GPUs: the coefficient file has no serving_v1 section, so the reference's N agents are both.`,
    );
  }
  const n = gpus ?? opts.concurrency ?? 1;
  return { replicas: n, concurrency: n };
}

/** Predicts one deployment and writes its six predictions and the gates' verdicts. */
export async function runPredict(opts: PredictOptions, io: Io): Promise<void> {
  const catalog = await loadCatalog({ dataDir: io.dataDir, modelsPath: opts.modelsPath });
  const model = resolveName(catalog.models, "--model <name>", opts.model, "model");
  const quant = resolveName(catalog.quants, "--quant <level>", opts.quant, "quant");
  const backend = resolveName(catalog.backends, "--backend <name>", opts.backend, "backend");
  const request = toRequest(opts, catalog, { kind: "all" });
  if (!serves(catalog.fitted, backend.name, quant)) {
    const served = catalog.quants.filter((q) => serves(catalog.fitted, backend.name, q)).map((q) => q.name);
    throw new UsageError(
      `option '--quant <level>' argument '${opts.quant}' is not served by ${backend.name} (serving_v1 formats); it serves: ${served.join(", ")}.`,
    );
  }
  const { replicas, concurrency } = deployment(opts, usesReferenceSizing(catalog));
  const { evaluation, gates } = predictDeployment(catalog, request, model, quant, backend.name, replicas, concurrency);
  const prediction: PredictionJson = {
    ...toCandidate(evaluation, request.gpu.name),
    gates,
    passes_all_gates: gates.every((g) => g.passed),
  };
  if (opts.json) return writeJson(io, prediction);
  const [{ renderPrediction }, style] = await Promise.all([import("../render/prediction-report.js"), outputStyle(opts.color, io)]);
  io.stdout(renderPrediction(prediction, request, style.paint, style.columns));
}

/** `chimeraforge predict`: the six predictions for one configuration you name. */
export function addPredictCommand(program: Command, io: Io): void {
  const command = program
    .command("predict")
    .description("predict one configuration you name, with where each number comes from and every gate's margin")
    .requiredOption("--model <name>", "model name (see list-models)")
    .requiredOption("--quant <level>", "quantization level: FP16, Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q3_K_S, Q2_K")
    .requiredOption("--backend <name>", "serving backend: ollama, vllm, tgi")
    .addOption(new Option("--agents <n>", "GPUs (the reference's N agents); the same as --replicas").argParser(positiveIntParser(MAX_INSTANCES * 64)))
    .addOption(new Option("--replicas <n>", "GPUs, each serving its share of the load (default 1)").argParser(positiveIntParser(MAX_INSTANCES * 64)))
    .addOption(new Option("--concurrency <n>", "requests served at once on each GPU (default 1)").argParser(positiveIntParser(1024)));
  addWorkloadOptions(command, "print the prediction as one JSON object")
    .addHelpText("after", EXAMPLES)
    .action(async (opts: PredictOptions) => runPredict(opts, io));
}
