import { Option, type Command } from "commander";
import { toCandidate, type Candidate } from "../core/search/candidate.js";
import { round } from "../core/round.js";
import { MAX_GPUS_BILLED } from "../core/limits.js";
import { predictDeployment, type GateCheck } from "../core/search/predict.js";
import type { Catalog, QuantLevel, BackendSpec, Gpu, Scenario } from "../core/catalog/types.js";
import { UsageError } from "../errors.js";
import { loadCatalog } from "../data/load-catalog.js";
import type { Io } from "../cli/io.js";
import { addModelOptions, customModel, resolveModels, type ModelFlags } from "../cli/model-options.js";
import { outputStyle } from "../cli/output-style.js";
import { positiveIntParser, tensorParallelParser } from "../cli/parse-options.js";
import { resolveName } from "../cli/resolve-name.js";
import { addWorkloadOptions, checkWorkload, QUALITY_HELP, requestGpus, toRequest, type WorkloadOptions } from "../cli/workload-options.js";
import { writeJson } from "../cli/write-json.js";

/** The parsed flags of `predict`. */
interface PredictOptions extends WorkloadOptions, ModelFlags {
  model?: string;
  quant: string;
  backend: string;
  agents?: number;
  replicas?: number;
  concurrency?: number;
}

/**
 * One gate as `predict --json` prints it: the prediction, the limit and the margin rounded in the gate's
 * unit. A prediction that is not a number is said, not printed: `unknown` (a quality never measured) or
 * `unbounded` (a latency that grows without bound, the deployment saturated); value and margin are then absent.
 */
export interface GateJson {
  gate: GateCheck["gate"];
  passed: boolean;
  value?: number;
  limit: number;
  margin?: number;
  unit: GateCheck["unit"];
  prediction?: "unknown" | "unbounded";
}

/** `predict --json`: a plan candidate's fields, plus each gate's verdict with its margin. */
export interface PredictionJson extends Candidate {
  gates: GateJson[];
  passes_all_gates: boolean;
}

/** Decimals each gate unit is printed with. */
const UNIT_DECIMALS: Readonly<Record<GateCheck["unit"], number>> = { tokens: 0, GB: 2, score: 3, "tok/s": 1, ms: 1, "$/month": 2 };

/** A gate check in its printed form (see GateJson). */
function gateJson(g: GateCheck): GateJson {
  const digits = UNIT_DECIMALS[g.unit];
  const base = { gate: g.gate, passed: g.passed, limit: round(g.limit, digits), unit: g.unit };
  if (g.value === null) return { ...base, prediction: "unknown" };
  if (!Number.isFinite(g.value)) return { ...base, prediction: "unbounded" };
  return { gate: g.gate, passed: g.passed, value: round(g.value, digits), limit: base.limit, margin: round(g.margin ?? 0, digits), unit: g.unit };
}

const EXAMPLES = `
Examples:
  $ chimeraforge predict --model llama3.2-3b --quant Q4_K_M --backend ollama
  $ chimeraforge predict --model llama3.2-1b --quant FP16 --backend vllm --concurrency 8 --request-rate 3
  $ chimeraforge predict --model llama3.2-1b --quant FP16 --backend vllm --replicas 2 --concurrency 4 --json
  $ chimeraforge predict --model-config ./config.json --quant Q4_K_M --backend llama.cpp \\
      --gpu-memory 24 --gpu-bandwidth 1008 --gpu-price 0.7 --json`;

/**
 * The deployment the flags name. With a serving section, --replicas (or --agents: GPUs) and --concurrency
 * (requests per GPU) are separate. Without one, the reference's N is both, so any of the three flags
 * gives N and, if several are given, they must agree.
 */
function deploymentOf(opts: PredictOptions, reference: boolean): { replicas: number; concurrency: number } {
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

/** Why a backend does not serve a quant on a GPU, for the error message. */
function notServed(catalog: Catalog, backend: BackendSpec, quant: QuantLevel, gpu: Gpu, request: Scenario): string {
  const served = catalog.quants.filter((q) => catalog.engine.serves(backend, q, gpu, request)).map((q) => q.name);
  const why =
    backend.platforms && gpu.platform !== "any" && !backend.platforms.includes(gpu.platform)
      ? `${backend.name} does not run on ${gpu.platform} GPUs (${gpu.name})`
      : quant.format === "fp8" && !gpu.fp8 && backend.formats?.includes("fp8")
        ? `${gpu.name} has no FP8 tensor cores`
        : `${backend.name} does not serve ${quant.format} weights`;
  return `${why}; it serves here: ${served.join(", ") || "nothing"}.`;
}

/** Predicts one deployment and writes its six predictions and the gates' verdicts. */
async function runPredict(opts: PredictOptions, io: Io, command: Command): Promise<void> {
  const catalog = await loadCatalog({ dataDir: io.dataDir, modelsPath: opts.modelsPath });
  const custom = customModel(opts);
  if (custom && opts.model !== undefined) throw new UsageError("option '--model <name>' names a registry model: give it or --model-config (or the model flags), not both.");
  if (!custom && opts.model === undefined) throw new UsageError("predict needs a model: --model <name>, --model-config <file>, or the model flags (--params-b and friends).");
  const model = custom ?? resolveModels(catalog.models, opts.model!)[0]!;
  const quant = resolveName(catalog.quants, "--quant <level>", opts.quant, "quant");
  const backend = resolveName(catalog.backends, "--backend <name>", opts.backend, "backend");
  if (opts.hardware.includes(",") || opts.hardware.trim().toLowerCase() === "all") {
    throw new UsageError(`option '--hardware <gpu>' argument '${opts.hardware}': predict takes one GPU (plan takes several).`);
  }
  const gpu = requestGpus(opts, catalog, command).gpus[0]!;
  const request = toRequest(opts, { kind: "models", models: [model] }, gpu, catalog);
  checkWorkload(request, catalog);
  const kvDtypes = backend.kv_dtypes ?? ["fp16"];
  if (catalog.engine.kind === "physics" && !kvDtypes.includes(request.kvDtype ?? "fp16")) {
    throw new UsageError(`option '--kv-dtype <type>' argument '${opts.kvDtype}': ${backend.name} stores a KV cache of ${kvDtypes.join(", ")} only.`);
  }
  if (!catalog.engine.serves(backend, quant, gpu, request)) {
    throw new UsageError(`option '--quant <level>' argument '${opts.quant}' is not served: ${notServed(catalog, backend, quant, gpu, request)}`);
  }
  const deployment = deploymentOf(opts, catalog.engine.kind === "reference");
  const tp = typeof opts.tp === "number" ? opts.tp : 1;
  if (!catalog.engine.replicaSizes(model, quant, backend, { ...request, tensorParallel: tp }).includes(tp)) {
    throw new UsageError(
      catalog.engine.kind === "reference"
        ? "option '--tp <n>' needs the default coefficients: the TR133 file plans one GPU per replica."
        : `option '--tp <n>' argument '${tp}': ${backend.split ? `${gpu.name} has no link between GPUs` : `${backend.name} runs on one GPU`}.`,
    );
  }
  const { evaluation, gates } = predictDeployment(catalog, request, model, quant, backend, { ...deployment, gpus: tp });
  const prediction: PredictionJson = {
    ...toCandidate(evaluation, request.gpu.name),
    gates: gates.map(gateJson),
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
    .option("--model <name>", "a registry model: its name, Hugging Face id or Ollama tag (see list-models)")
    .requiredOption("--quant <level>", "weight format or quantization level (see 'chimeraforge list-models --quants'): FP16, FP8, Q8_0, Q4_K_M, AWQ, ...")
    .requiredOption("--backend <name>", "serving backend: ollama, llama.cpp, vllm, tgi, sglang, tensorrt-llm")
    .addOption(new Option("--agents <n>", "the reference's N agents; the same as --replicas").argParser(positiveIntParser(MAX_GPUS_BILLED * 64)))
    .addOption(new Option("--replicas <n>", "replicas, each serving its share of the load on --tp GPUs (default 1)").argParser(positiveIntParser(MAX_GPUS_BILLED * 64)))
    .addOption(new Option("--concurrency <n>", "requests served at once on each replica (default 1)").argParser(positiveIntParser(1024)))
    .addOption(new Option("--tp <n>", "GPUs per replica, the model split over them: 1, 2, 4 or 8 (default 1)").argParser(tensorParallelParser(false)));
  addModelOptions(command);
  addWorkloadOptions(command, "print the prediction as one JSON object", "GPU name (see list-hardware); a unique part of a name is enough")
    .addHelpText("after", EXAMPLES + "\n" + QUALITY_HELP)
    .action(async (opts: PredictOptions, cmd: Command) => runPredict(opts, io, cmd));
}
