// The library: the planner as functions. `import { plan, predict, loadCatalog } from "chimeraforge"`.
// Options are the CLI's flags in camelCase with its defaults; the results are what --json prints.
// Importing runs nothing; no function touches the process, the console or the exit code.
import { fileURLToPath } from "node:url";
import type { Candidate } from "./core/search/candidate.js";
import type { BackendSpec, Gpu, ModelSpec, QuantLevel } from "./core/catalog/types.js";
import { loadCatalog as loadData } from "./data/load-catalog.js";
import type { PredictionJson } from "./commands/predict.js";
import { runJson, type Options } from "./library/run-json.js";

export { ChimeraforgeError, type OptionValue, type Options } from "./library/run-json.js";
export type { Candidate } from "./core/search/candidate.js";
export type { PredictionJson as Prediction } from "./commands/predict.js";
export type { GateCheck } from "./core/search/predict.js";
export type { Provenance } from "./core/search/provenance.js";
export type { Gpu, ModelSpec, QuantLevel, BackendSpec, Price } from "./core/catalog/types.js";

/**
 * What loadCatalog() gives: the registry, the GPU database, the formats and backends, and the coefficient
 * file (its fields as data/schema/fitted_models.schema.json describes them).
 */
export interface Catalog {
  models: readonly ModelSpec[];
  quants: readonly QuantLevel[];
  backends: readonly BackendSpec[];
  gpus: readonly Gpu[];
  fitted: Readonly<Record<string, unknown>>;
  /** Which laws the coefficient file selects: the physics, or the TR133 reference's. */
  laws: "physics" | "reference";
}

/** The package's data directory. */
const DATA_DIR = fileURLToPath(new URL("../data", import.meta.url));

/** `plan`'s flags in camelCase: modelSize, model, requestRate, latencySlo, hardware, tp, maxGpus, top, all, ... */
export type PlanOptions = Options;

/** `predict`'s flags in camelCase: model, quant, backend, replicas, concurrency, tp, hardware, ... */
export type PredictOptions = Options;

/** The ranked candidates `plan --json` prints, cheapest first (empty when nothing fits). */
export async function plan(options: PlanOptions = {}): Promise<Candidate[]> {
  if (options.explain === true) throw new TypeError("plan(): use explain() for --explain's rejections and suggestions");
  return (await runJson("plan", options, DATA_DIR)).document as Candidate[];
}

/** `plan --explain --json`: the candidates, every rejected configuration, and the one-flag suggestions. */
export async function explain(options: PlanOptions = {}): Promise<{ candidates: Candidate[]; rejected: unknown[]; suggestions: unknown[] }> {
  return (await runJson("plan", { ...options, explain: true }, DATA_DIR)).document as { candidates: Candidate[]; rejected: unknown[]; suggestions: unknown[] };
}

/** The prediction `predict --json` prints for one configuration: every figure, its source, and each gate's margin. */
export async function predict(options: PredictOptions): Promise<PredictionJson> {
  return (await runJson("predict", options, DATA_DIR)).document as PredictionJson;
}

/** The validated registry, GPU database, coefficients and the laws they select (`modelsPath`: another coefficient file). */
export async function loadCatalog(options: { modelsPath?: string } = {}): Promise<Catalog> {
  const { models, quants, backends, gpus, fitted, engine } = await loadData({
    dataDir: DATA_DIR,
    ...(options.modelsPath !== undefined ? { modelsPath: options.modelsPath } : {}),
  });
  return { models, quants, backends, gpus, fitted, laws: engine.kind };
}
