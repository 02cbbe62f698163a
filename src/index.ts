// The library: the planner's use cases over a catalog loaded once.
//   const planner = await createPlanner();   planner.plan({ hardware: "RTX 4090 24GB", requestRate: 2 })
// Requests are validated by the exported zod schemas (a bad field throws a ChimeraforgeError naming it);
// results are typed data, exactly what the CLI prints with --json. Importing runs nothing, and nothing
// touches the process, the console or the exit code.
import { fileURLToPath } from "node:url";
import { ChimeraforgeError } from "./core/planner/errors.js";
import { createPlanner as plannerOver } from "./core/planner/planner.js";
import { CapacityRequestSchema, PlanRequestSchema, PredictRequestSchema, type CapacityRequest, type PlanRequest, type PredictRequest, type RequestSchema } from "./core/planner/requests.js";
import type { CapacityResult, Candidate, FleetResult, PlanResult, PredictResult, Scope } from "./core/planner/results.js";
import type { Launch, LaunchOptions } from "./core/launch/launch-types.js";
import type { HardwareEntry } from "./core/catalog/hardware-entries.js";
import type { ModelEntryView } from "./core/catalog/model-entries.js";
import type { BackendFactsFile, BackendSpec, Gpu, ModelSpec, QuantLevel } from "./core/catalog/types.js";
import { loadCatalog } from "./data/load-catalog.js";
import type { CalibrationFile } from "./core/calibrate/calibration-file.js";
import { validateData } from "./schema/validate.js";

export { ChimeraforgeError, type ErrorCode } from "./core/planner/errors.js";
export { CapacityRequestSchema, PlanRequestSchema, PredictRequestSchema } from "./core/planner/requests.js";
export type { CapacityRequest, PlanRequest, PredictRequest, SharedRequest, GpuFigures, ModelShape, RequestSchema } from "./core/planner/requests.js";
export type { FleetGroupRequest } from "./core/planner/fleet-spec.js";
export type * from "./core/planner/results.js";
export type { HardwareEntry } from "./core/catalog/hardware-entries.js";
export type { ModelEntryView as ModelEntry } from "./core/catalog/model-entries.js";
export type {
  BackendFacts,
  BackendFactsFile,
  BackendFlag,
  BackendSetting,
  BackendSpec,
  DockerFacts,
  Gpu,
  MemoryFraction,
  MemoryPolicy,
  MemoryReserve,
  ModelSpec,
  Price,
  QuantLevel,
  SchedulerDefaults,
  SchedulerKnob,
  StaticReserveRule,
} from "./core/catalog/types.js";
export type { PriceBasis, PriceBasisChoice } from "./core/kinds.js";
export type { Launch, LaunchCommand, LaunchFile, LaunchNote, LaunchOptions, LaunchScope } from "./core/launch/launch-types.js";
export type { CalibrationFile, CalibrationFactor } from "./core/calibrate/calibration-file.js";

/** Where the planner's data is: the package's own by default, and another coefficient file if wanted. */
export interface PlannerOptions {
  /** A directory laid out as the package's `data/`. */
  dataDir?: string;
  /** A coefficient file instead of `data/fitted_models.json` (the TR133 reference's, say). */
  modelsPath?: string;
  /**
   * A calibration written by `chimeraforge calibrate`: its path, or the file's contents already parsed
   * (validated here). Its factors correct the physics' predictions for the GPUs and backends it was fitted on.
   */
  calibration?: string | CalibrationFile;
}

/** What the planner knows: the registry, the GPU database, the formats and backends, and which laws predict. */
export interface CatalogView {
  models: readonly ModelSpec[];
  quants: readonly QuantLevel[];
  backends: readonly BackendSpec[];
  gpus: readonly Gpu[];
  /** How each backend runs and takes memory (data/engines.json; GiB). */
  backendFacts: BackendFactsFile;
  /** The laws the coefficient file selects: the physics, or the TR133 reference's. */
  laws: "physics" | "reference";
}

/** What launch() takes besides the candidate; the scope may be left out for a prediction, which carries its own. */
export type LaunchRequest = Partial<LaunchOptions>;

/** The planner's use cases over one loaded catalog. */
export interface Planner {
  readonly catalog: CatalogView;
  /** The ranked configurations that meet every gate, and what shaped them (suggestions when none does). */
  plan(request?: PlanRequest): PlanResult;
  /** A plan with every rejected configuration and how far each constraint can go. */
  explain(request?: PlanRequest): PlanResult;
  /**
   * A plan over GPUs owned, `fleet: "2x RTX 4090,1x RTX A6000"` (or `[{ gpu, count }]`): the model, format
   * and backend each group serves, its share of the traffic, and whether the whole meets the rate and SLOs.
   */
  fleet(request: PlanRequest): FleetResult;
  /** Every prediction for one configuration, and each gate's verdict on it. */
  predict(request: PredictRequest): PredictResult;
  /**
   * The most one deployment carries within its SLOs: the highest request rate and closed-loop users, the
   * constraint that binds first, and the prediction at that rate.
   */
  capacity(request: CapacityRequest): CapacityResult;
  /**
   * The commands (and with `compose`, a docker compose file) that start a candidate: `launch(result.candidates[0],
   * { scope: result.scope })` for a plan, `launch(prediction)` for a prediction.
   */
  launch(candidate: Candidate, options?: LaunchRequest): Launch;
  /** The GPU database. */
  hardware(): HardwareEntry[];
  /** The model registry. */
  models(): ModelEntryView[];
}

/** The package's data directory. */
const DATA_DIR = fileURLToPath(new URL("../data", import.meta.url));

/** `input` as the schema's type, or a ChimeraforgeError naming the first bad field and what it expects. */
function parse<T>(schema: RequestSchema<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const keys = (issue as unknown as { keys: string[] }).keys;
    throw new ChimeraforgeError("invalid_field", { field: keys[0]!, detail: `is not a field of ${what}.` });
  }
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  const message = issue.code === "invalid_type" && issue.path.length === 0 ? `expected ${what} as an object` : issue.message;
  throw new ChimeraforgeError("invalid_field", { field, detail: field === undefined ? message : `: ${message}` });
}

/** A calibration object as `calibrate` writes it, or a ChimeraforgeError naming its first bad field. */
function checkCalibration(value: object): CalibrationFile {
  const result = validateData("calibration", value);
  if (result.ok) return result.data;
  const { path, message } = result.problem;
  throw new ChimeraforgeError("invalid_field", { field: ["calibration", ...path.map(String)].join("."), detail: `: ${message}` });
}

/** Options as the options type says, or a ChimeraforgeError. */
function checkOptions(options: unknown): PlannerOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) throw new ChimeraforgeError("invalid_field", { detail: "createPlanner() takes an options object." });
  for (const [key, value] of Object.entries(options)) {
    if (key !== "dataDir" && key !== "modelsPath" && key !== "calibration") {
      throw new ChimeraforgeError("invalid_field", { field: key, detail: "is not an option of createPlanner() (dataDir, modelsPath, calibration)." });
    }
    if (key === "calibration" && typeof value === "object" && value !== null) continue;
    if (value !== undefined && (typeof value !== "string" || value.length === 0)) {
      throw new ChimeraforgeError("invalid_field", { field: key, detail: key === "calibration" ? ": expected a path or a calibration object" : ": expected a path" });
    }
  }
  return options as PlannerOptions;
}

/** The launch options of a library call: its own scope, or the prediction's; a ChimeraforgeError for anything else. */
function launchOptions(candidate: unknown, options: unknown): LaunchOptions {
  if (typeof candidate !== "object" || candidate === null) throw new ChimeraforgeError("invalid_field", { detail: "launch() takes a candidate of a plan, or a prediction." });
  if (options !== undefined && (typeof options !== "object" || options === null)) throw new ChimeraforgeError("invalid_field", { detail: "launch() takes an options object." });
  const given = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (key !== "scope" && key !== "compose" && key !== "basePort") throw new ChimeraforgeError("invalid_field", { field: key, detail: "is not an option of launch() (scope, compose, basePort)." });
  }
  const scope = (given.scope ?? (candidate as { scope?: unknown }).scope) as Scope | undefined;
  if (typeof scope !== "object" || scope === null || !Array.isArray(scope.hardware)) {
    throw new ChimeraforgeError("invalid_field", { field: "scope", detail: "is missing: give the plan's, launch(result.candidates[0], { scope: result.scope })." });
  }
  if (given.compose !== undefined && typeof given.compose !== "boolean") throw new ChimeraforgeError("invalid_field", { field: "compose", detail: ": expected true or false" });
  if (given.basePort !== undefined && typeof given.basePort !== "number") throw new ChimeraforgeError("invalid_field", { field: "basePort", detail: ": expected a port number" });
  return { scope, compose: given.compose === true, basePort: given.basePort as number | undefined };
}

/**
 * Loads and validates the catalog once and returns the planner's use cases over it: a sweep of many
 * requests pays for the data once. Rejects with a ChimeraforgeError for a bad option or data file.
 */
export async function createPlanner(options?: PlannerOptions): Promise<Planner> {
  const { dataDir = DATA_DIR, modelsPath, calibration } = checkOptions(options);
  const given = typeof calibration === "object" ? { file: checkCalibration(calibration), label: "calibration" } : calibration;
  const catalog = await loadCatalog({ dataDir, modelsPath, calibration: given });
  const core = plannerOver(catalog);
  return {
    catalog: { models: catalog.models, quants: catalog.quants, backends: catalog.backends, gpus: catalog.gpus, backendFacts: catalog.backendFacts, laws: catalog.engine.laws },
    plan: (request = {}) => core.plan(parse(PlanRequestSchema, request, "a plan request")),
    explain: (request = {}) => core.explain(parse(PlanRequestSchema, request, "a plan request")),
    fleet: (request) => core.fleet(parse(PlanRequestSchema, request, "a plan request")),
    predict: (request) => core.predict(parse(PredictRequestSchema, request, "a predict request")),
    capacity: (request) => core.capacity(parse(CapacityRequestSchema, request, "a capacity request")),
    launch: (candidate, options) => core.launch(candidate, launchOptions(candidate, options)),
    hardware: () => core.hardware(),
    models: () => core.models(),
  };
}

let shared: Promise<Planner> | undefined;

/** The planner over the package's own data, loaded on first use. */
function defaultPlanner(): Promise<Planner> {
  shared ??= createPlanner().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** `createPlanner()` then `plan(request)`: for one call; a sweep keeps a planner. */
export async function plan(request?: PlanRequest): Promise<PlanResult> {
  return (await defaultPlanner()).plan(request);
}

/** `createPlanner()` then `explain(request)`. */
export async function explain(request?: PlanRequest): Promise<PlanResult> {
  return (await defaultPlanner()).explain(request);
}

/** `createPlanner()` then `fleet(request)`: a plan over GPUs owned. */
export async function fleet(request: PlanRequest): Promise<FleetResult> {
  return (await defaultPlanner()).fleet(request);
}

/** `createPlanner()` then `predict(request)`. */
export async function predict(request: PredictRequest): Promise<PredictResult> {
  return (await defaultPlanner()).predict(request);
}

/** `createPlanner()` then `capacity(request)`. */
export async function capacity(request: CapacityRequest): Promise<CapacityResult> {
  return (await defaultPlanner()).capacity(request);
}

/** `createPlanner()` then `launch(candidate, options)`: the commands that start a plan's candidate or a prediction. */
export async function launch(candidate: Candidate, options?: LaunchRequest): Promise<Launch> {
  return (await defaultPlanner()).launch(candidate, options);
}
