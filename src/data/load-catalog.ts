import { join, relative } from "node:path";
import { calibratorOf } from "../core/calibrate/calibrator.js";
import type { Engine } from "../core/engines/engine.js";
import { ChimeraforgeError } from "../core/planner/errors.js";
import type { CalibrationFile } from "../core/calibrate/calibration-file.js";
import { physicsEngine, type PhysicsSections } from "../core/engines/physics.js";
import { referenceEngine } from "../core/engines/reference.js";
import type { ApiPrice, BackendFactsFile, BackendSpec, Catalog, FittedModels, Gpu, ModelSpec, PublishedScores, QuantLevel, SpeculationDefaults, WorkloadPreset } from "../core/catalog/types.js";
import { FORMATS, KV_DTYPES, type SpeculativeMethod, type WorkloadName } from "../core/kinds.js";
import { DataFileError } from "../errors.js";
import type { SchemaName, SchemaOutput } from "../schema/schemas.js";
import { checkUnique, deriveHardware, deriveModels, type DerivedHardware } from "./derive-world.js";
import { displayPath, readJsonFile } from "./read-json-file.js";
import { shippedDerived } from "./validated-data.js";
import { own } from "../core/own.js";

/** Where the data files are: the `data/` directory, and optionally another coefficient file. */
export interface DataPaths {
  dataDir: string;
  /** A coefficient file to use instead of `data/fitted_models.json` (`--models-path`). */
  modelsPath?: string | undefined;
  /** A calibration (`--calibration`): a file to read, or one already read and validated, named by `label` in errors. */
  calibration?: string | { file: CalibrationFile; label: string } | undefined;
}

/** The sections that make a coefficient file the physics; a file with none of them is the reference's. */
const PHYSICS_SECTIONS = ["vram_v2", "step_v1"] as const;

/** The reference's world: its registry, quants, backends and GPUs with their prices, never edited. */
const REFERENCE_WORLD = "reference";

/** Reads a data file under `dataDir`, letting an unchanged shipped file skip validation. */
export function readData<N extends SchemaName>(dataDir: string, file: string, schema: N): Promise<SchemaOutput<N>> {
  const path = join(dataDir, file);
  return readJsonFile(path, schema, { shippedAs: file });
}

/**
 * A data file's derived form: the build's, when the file's bytes are exactly those the build validated
 * and derived (dist/validated-data.bin), else read, validated and derived now.
 */
async function readDerived<T>(dataDir: string, file: string, schema: "models" | "hardware", derive: (data: never, shown: string) => T): Promise<T> {
  const path = join(dataDir, file);
  const shipped = shippedDerived(path, file);
  if (shipped !== undefined) return shipped as T;
  return derive((await readJsonFile(path, schema, { shippedAs: file })) as never, displayPath(path));
}

/** The world's model registry, each entry built from its config.json or its stated figures. */
export function loadModels(dataDir: string, world = ""): Promise<ModelSpec[]> {
  return readDerived(dataDir, join(world, "models.json"), "models", deriveModels);
}

/** The world's GPU database, and the reference GPU it names if any. */
export function loadHardware(dataDir: string, world = ""): Promise<DerivedHardware> {
  return readDerived(dataDir, join(world, "hardware.json"), "hardware", deriveHardware);
}

/** The world's quants, with each kernel family resolved (a format's own unless stated). */
async function loadQuants(dataDir: string, world: string): Promise<QuantLevel[]> {
  const file = join(world, "quants.json");
  const data = await readData(dataDir, file, "quants");
  checkUnique(displayPath(join(dataDir, file)), "quants", data.quants);
  return data.quants.map((q) => ({
    name: q.name,
    bits_per_weight: q.bits_per_weight,
    format: q.format,
    kernel: q.kernel ?? (q.format === "gguf" ? "gguf_k" : q.format),
    embeddings_16bit: q.embeddings_16bit ?? false,
    source: q.source,
  }));
}

/** The world's backends. */
async function loadBackends(dataDir: string, world: string): Promise<BackendSpec[]> {
  const file = join(world, "backends.json");
  const data = await readData(dataDir, file, "backends");
  checkUnique(displayPath(join(dataDir, file)), "backends", data.backends);
  return data.backends;
}

/**
 * How each backend runs and takes memory (`data/engines.json`, one file for either world): it must cover
 * every backend of the world, and its planner mappings must name the planner's kinds and the backend's
 * own values.
 */
function checkBackendFacts(shown: string, facts: BackendFactsFile, backends: readonly BackendSpec[]): void {
  for (const backend of backends) {
    if (own(facts.backends, backend.name) === undefined) throw new DataFileError(shown, `backends.${backend.name}: missing (every backend in backends.json needs one)`);
  }
  for (const [name, backend] of Object.entries(facts.backends)) {
    const kv = backend.kv_cache_dtypes;
    for (const [kind, value] of Object.entries(kv.planner)) {
      const where = `backends.${name}.kv_cache_dtypes.planner.${kind}`;
      if (!(KV_DTYPES as readonly string[]).includes(kind)) throw new DataFileError(shown, `${where}: "${kind}" is not a KV cache type of the planner (${KV_DTYPES.join(", ")})`);
      if (value !== null && !(kv.flag_values ?? kv.values).includes(value)) throw new DataFileError(shown, `${where}: "${value}" is not one of its values`);
    }
    for (const format of Object.keys(backend.quantization?.planner ?? {})) {
      if (!(FORMATS as readonly string[]).includes(format)) throw new DataFileError(shown, `backends.${name}.quantization.planner.${format}: not a weight format of the planner (${FORMATS.join(", ")})`);
    }
  }
}

/**
 * The shipped files the build validated as coefficient files (src/schema/schemas.ts DATA_FILES): only these
 * may skip zod when --models-path names them. Another shipped file (hardware.json) passed its own schema, not this one.
 */
const SHIPPED_COEFFICIENTS = ["fitted_models.json", join("reference", "fitted_models.tr133.json")];

/** The coefficient file: `data/fitted_models.json` or the `--models-path` one, and how to name it in errors. */
async function loadFitted(paths: DataPaths): Promise<{ fitted: FittedModels; label: string }> {
  if (paths.modelsPath === undefined) {
    return { fitted: await readData(paths.dataDir, "fitted_models.json", "fitted_models"), label: displayPath(join(paths.dataDir, "fitted_models.json")) };
  }
  const label = `--models-path ${displayPath(paths.modelsPath)}`;
  const inside = relative(paths.dataDir, paths.modelsPath);
  const shippedAs = SHIPPED_COEFFICIENTS.includes(inside) ? inside.split("\\").join("/") : undefined;
  return { fitted: await readJsonFile(paths.modelsPath, "fitted_models", { label, ...(shippedAs ? { shippedAs } : {}) }), label };
}

/** Whether the coefficient file carries the physics (all its sections) or is the reference's (none of them). */
function hasPhysics(fitted: FittedModels, label: string): fitted is FittedModels & PhysicsSections {
  const present = PHYSICS_SECTIONS.filter((s) => fitted[s] !== undefined);
  if (present.length === 0) return false;
  const missing = PHYSICS_SECTIONS.find((s) => fitted[s] === undefined);
  if (missing) throw new DataFileError(label, `${missing}: missing (a file with ${present.join(", ")} needs every one of ${PHYSICS_SECTIONS.join(", ")}; run npm run fit)`);
  return true;
}

/** One world's registry, quants, backends and GPUs (`world` "" for data/, "reference" for the reference's). */
export interface World {
  models: ModelSpec[];
  quants: QuantLevel[];
  backends: BackendSpec[];
  gpus: Gpu[];
  referenceGpu?: Gpu | undefined;
}

/** Loads one world's four files. */
export async function loadWorld(dataDir: string, world = ""): Promise<World> {
  const [models, quants, backends, hardware] = await Promise.all([
    loadModels(dataDir, world),
    loadQuants(dataDir, world),
    loadBackends(dataDir, world),
    loadHardware(dataDir, world),
  ]);
  return { models, quants, backends, gpus: hardware.gpus, referenceGpu: hardware.referenceGpu };
}

/** The workload presets (data/workloads.json), shared by both worlds. */
async function loadWorkloads(dataDir: string): Promise<Record<WorkloadName, WorkloadPreset>> {
  const data = await readData(dataDir, "workloads.json", "workloads");
  const preset = (p: (typeof data.presets)[WorkloadName]): WorkloadPreset => ({
    promptTokens: p.prompt_tokens,
    outputTokens: p.output_tokens,
    statistic: p.statistic,
    trace: p.name,
  });
  const { chat, rag, code, summarize, agent } = data.presets;
  return { chat: preset(chat), rag: preset(rag), code: preset(code), summarize: preset(summarize), agent: preset(agent) };
}

/**
 * The published benchmark's scores (data/quality-published.json), each naming a registry model once and
 * the checkpoint evaluated as one of that model's names (its Hugging Face id).
 */
async function loadPublished(dataDir: string, models: readonly ModelSpec[]): Promise<PublishedScores> {
  const file = "quality-published.json";
  const data = await readData(dataDir, file, "quality-published");
  const shown = displayPath(join(dataDir, file));
  const scores = new Map<string, { score: number; variant: string; date: string }>();
  data.scores.forEach((entry, i) => {
    const model = models.find((m) => m.name === entry.model);
    if (!model) throw new DataFileError(shown, `scores.${i}.model: "${entry.model}" is not a model of models.json`);
    if (!model.aliases.includes(entry.variant)) throw new DataFileError(shown, `scores.${i}.variant: "${entry.variant}" is not a name of ${entry.model} in models.json`);
    if (scores.has(entry.model)) throw new DataFileError(shown, `scores.${i}.model: "${entry.model}" is scored twice`);
    scores.set(entry.model, { score: entry.score, variant: entry.variant, date: entry.date });
  });
  return { benchmark: data.name, scores };
}

/** The hosted API prices (data/api-prices.json), each naming a model of the registry (checked against `models` when given). */
async function loadApiPrices(dataDir: string, models: readonly ModelSpec[] | undefined): Promise<ApiPrice[]> {
  const file = "api-prices.json";
  const data = await readData(dataDir, file, "api-prices");
  const shown = displayPath(join(dataDir, file));
  return data.prices.map((p, i) => {
    if (models && !models.some((m) => m.name === p.model)) throw new DataFileError(shown, `prices.${i}.model: "${p.model}" is not a model of models.json`);
    return { provider: p.provider, model: p.model, providerModel: p.provider_model, usdPer1mInput: p.usd_per_1m_input, usdPer1mOutput: p.usd_per_1m_output, source: p.source, date: p.date };
  });
}

/** Each speculative decoding method's defaults (data/speculative.json). */
async function loadSpeculation(dataDir: string): Promise<Record<SpeculativeMethod, SpeculationDefaults>> {
  const { methods } = await readData(dataDir, "speculative.json", "speculative");
  const of = (m: (typeof methods)[SpeculativeMethod]): SpeculationDefaults => ({ acceptance: m.acceptance.value, draftTokens: m.draft_tokens.value });
  return { draft: of(methods.draft), eagle: of(methods.eagle), mtp: of(methods.mtp) };
}

/**
 * Loads every data file the planner needs, validates each, and checks they agree with one another. The
 * coefficient file decides the engine and the world: with the physics sections, the physics over the
 * registry and GPU database of `data/`; without them (the reference's file), the reference's laws over
 * the reference's own world in `data/reference/`, so its recorded runs replay exactly.
 */
export async function loadCatalog(paths: DataPaths): Promise<Catalog> {
  const { fitted, label } = await loadFitted(paths);
  const physics = hasPhysics(fitted, label);
  const world = physics ? "" : REFERENCE_WORLD;
  const [{ models, quants, backends, gpus, referenceGpu }, { $comment: _, ...backendFacts }, workloads, speculation] = await Promise.all([
    loadWorld(paths.dataDir, world),
    readData(paths.dataDir, "engines.json", "engines"),
    loadWorkloads(paths.dataDir),
    loadSpeculation(paths.dataDir),
  ]);
  // The prices name models of data/models.json: checked against the physics' registry (the reference's has its own names).
  const apiPrices = await loadApiPrices(paths.dataDir, physics ? models : undefined);
  checkBackendFacts(displayPath(join(paths.dataDir, "engines.json")), backendFacts, backends);
  const calibration = await loadCalibration(paths.calibration);
  let engine: Engine;
  let published: PublishedScores | undefined;
  if (physics) {
    checkPhysicsCoverage(label, fitted, backends);
    if (calibration) checkCalibration(calibration, models, backends, gpus);
    engine = physicsEngine(fitted, backendFacts, calibration && calibratorOf(calibration.file));
    published = await loadPublished(paths.dataDir, models);
  } else {
    if (calibration) {
      throw new ChimeraforgeError("conflicting_fields", {
        field: "calibration",
        detail: `corrects the physics; the reference's coefficient file (${label}) has none to correct.`,
      });
    }
    checkReferenceCoverage(label, fitted, quants, backends);
    if (!referenceGpu) throw new DataFileError(displayPath(join(paths.dataDir, world, "hardware.json")), "reference_gpu: missing (the reference's laws scale from it)");
    engine = referenceEngine(fitted, referenceGpu);
  }
  return { models, quants, backends, gpus, fitted, engine, backendFacts, workloads, published, apiPrices, speculation, ...(calibration ? { calibration: calibration.file } : {}) };
}

/** The calibration asked for: read and validated from its path, or as given. */
async function loadCalibration(given: DataPaths["calibration"]): Promise<{ file: CalibrationFile; label: string } | undefined> {
  if (given === undefined || typeof given !== "string") return given;
  const label = `--calibration ${displayPath(given)}`;
  return { file: await readJsonFile(given, "calibration", { label }), label };
}

/** Every factor of a calibration names a GPU, backend and model the catalog has (a file fitted on other data would silently match nothing). */
function checkCalibration(
  calibration: { file: CalibrationFile; label: string },
  models: readonly ModelSpec[],
  backends: readonly BackendSpec[],
  gpus: readonly Gpu[],
): void {
  const known = (names: readonly { name: string }[], name: string) => names.some((n) => n.name === name);
  calibration.file.factors.forEach((f, i) => {
    const where = `factors.${i}`;
    if (!known(gpus, f.gpu)) throw new DataFileError(calibration.label, `${where}.gpu: "${f.gpu}" is not a GPU of hardware.json`);
    if (!known(backends, f.backend)) throw new DataFileError(calibration.label, `${where}.backend: "${f.backend}" is not a backend of backends.json`);
    if (f.model !== undefined && !known(models, f.model)) throw new DataFileError(calibration.label, `${where}.model: "${f.model}" is not a model of models.json`);
  });
}

/** The reference's laws need a throughput multiplier for every quant and a serial fraction default for every backend. */
function checkReferenceCoverage(label: string, fitted: FittedModels, quants: readonly QuantLevel[], backends: readonly BackendSpec[]): void {
  for (const quant of quants) {
    if (own(fitted.throughput.quant_multipliers, quant.name) === undefined) {
      throw new DataFileError(label, `throughput.quant_multipliers.${quant.name}: missing (every quant in quants.json needs one)`);
    }
  }
  for (const backend of backends) {
    if (own(fitted.scaling.defaults, backend.name) === undefined) {
      throw new DataFileError(label, `scaling.defaults.${backend.name}: missing (every backend in backends.json needs one)`);
    }
  }
}

/** The physics needs, for every backend, its engine step fitted over every platform (the pair a GPU known only by its figures takes). */
function checkPhysicsCoverage(label: string, fitted: FittedModels & PhysicsSections, backends: readonly BackendSpec[]): void {
  for (const backend of backends) {
    if (own(fitted.step_v1.pairs, `${backend.name}|any`) === undefined) {
      throw new DataFileError(label, `step_v1.pairs.${backend.name}|any: missing (every backend in backends.json needs one; run npm run fit)`);
    }
  }
}
