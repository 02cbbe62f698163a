import { join, relative } from "node:path";
import { calibratorOf } from "../core/calibrate/calibrator.js";
import type { Engine } from "../core/engines/engine.js";
import { ChimeraforgeError } from "../core/planner/errors.js";
import type { CalibrationFile } from "../core/calibrate/calibration-file.js";
import { physicsEngine, type PhysicsSections } from "../core/engines/physics.js";
import { referenceEngine } from "../core/engines/reference.js";
import type { BackendSpec, Catalog, FittedModels, Gpu, ModelSpec, QuantLevel } from "../core/catalog/types.js";
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
const PHYSICS_SECTIONS = ["vram_v2", "serving_v2", "roofline_v1"] as const;

/** The reference's world: its registry, quants, backends and GPUs with their prices, never edited. */
const REFERENCE_WORLD = "reference";

/** Reads a data file under `dataDir`, letting an unchanged shipped file skip validation. */
function readData<N extends SchemaName>(dataDir: string, file: string, schema: N): Promise<SchemaOutput<N>> {
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

/** The coefficient file: `data/fitted_models.json` or the `--models-path` one, and how to name it in errors. */
async function loadFitted(paths: DataPaths): Promise<{ fitted: FittedModels; label: string }> {
  if (paths.modelsPath === undefined) {
    return { fitted: await readData(paths.dataDir, "fitted_models.json", "fitted_models"), label: displayPath(join(paths.dataDir, "fitted_models.json")) };
  }
  const label = `--models-path ${displayPath(paths.modelsPath)}`;
  const inside = relative(paths.dataDir, paths.modelsPath);
  const shippedAs = inside.startsWith("..") ? undefined : inside;
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
  const { models, quants, backends, gpus, referenceGpu } = await loadWorld(paths.dataDir, world);
  const calibration = await loadCalibration(paths.calibration);
  let engine: Engine;
  if (physics) {
    checkPhysicsCoverage(label, fitted, models, quants, backends);
    if (calibration) checkCalibration(calibration, models, backends, gpus);
    engine = physicsEngine(fitted, calibration && calibratorOf(calibration.file));
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
  return { models, quants, backends, gpus, fitted, engine, ...(calibration ? { calibration: calibration.file } : {}) };
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

/**
 * The physics needs, for every backend, its serving mechanism and roofline coefficients (at least those
 * fitted over every platform); every measured row it carries names a known model, quant and backend.
 */
function checkPhysicsCoverage(
  label: string,
  fitted: FittedModels & PhysicsSections,
  models: readonly ModelSpec[],
  quants: readonly QuantLevel[],
  backends: readonly BackendSpec[],
): void {
  for (const backend of backends) {
    if (own(fitted.serving_v2.backends, backend.name) === undefined) {
      throw new DataFileError(label, `serving_v2.backends.${backend.name}: missing (every backend in backends.json needs one; run npm run fit)`);
    }
    if (own(fitted.roofline_v1.coefficients, `${backend.name}|any`) === undefined) {
      throw new DataFileError(label, `roofline_v1.coefficients.${backend.name}|any: missing (every backend in backends.json needs one; run npm run fit)`);
    }
  }
  const known = (names: readonly { name: string }[], name: string) => names.some((n) => n.name === name);
  fitted.roofline_v1.anchors.forEach((a, i) => {
    const where = `roofline_v1.anchors.${i}`;
    if (!known(models, a.model)) throw new DataFileError(label, `${where}.model: "${a.model}" is not a model of models.json`);
    if (!known(quants, a.quant)) throw new DataFileError(label, `${where}.quant: "${a.quant}" is not a quant of quants.json`);
    if (!known(backends, a.backend)) throw new DataFileError(label, `${where}.backend: "${a.backend}" is not a backend of backends.json`);
  });
}
