import { join } from "node:path";
import { DataFileError } from "../errors.js";
import type { FittedModels } from "../schema/fitted-models.js";
import type { HardwareFile, ModelsFile } from "../schema/registry.js";
import type { Catalog } from "../core/types.js";
import { displayPath, readJsonFile } from "./read-json-file.js";

/** Where the data files are: the `data/` directory, and optionally another coefficient file. */
export interface DataPaths {
  dataDir: string;
  /** A coefficient file to use instead of `data/fitted_models.json` (`--models-path`). */
  modelsPath?: string | undefined;
}

/** Throws a DataFileError if two entries share a name. */
function checkUnique(file: string, field: string, names: readonly string[]): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) throw new DataFileError(file, `${field}.${index}.name: duplicate name "${name}"`);
    seen.add(name);
  });
}

/** Loads and validates `data/hardware.json`. */
export async function loadHardware(dataDir: string): Promise<HardwareFile> {
  const path = join(dataDir, "hardware.json");
  const hardware = await readJsonFile(path, "hardware");
  checkUnique(displayPath(path), "gpus", hardware.gpus.map((g) => g.name));
  if (!hardware.gpus.some((g) => g.name === hardware.reference_gpu)) {
    throw new DataFileError(displayPath(path), `reference_gpu: "${hardware.reference_gpu}" is not one of gpus`);
  }
  return hardware;
}

/** Loads and validates `data/models.json`. */
export async function loadModels(dataDir: string): Promise<ModelsFile> {
  const path = join(dataDir, "models.json");
  const file = await readJsonFile(path, "models");
  checkUnique(displayPath(path), "models", file.models.map((m) => m.name));
  return file;
}

/** Loads every data file the planner needs, validates each, and checks they agree with one another. */
export async function loadCatalog(paths: DataPaths): Promise<Catalog> {
  const fittedPath = paths.modelsPath ?? join(paths.dataDir, "fitted_models.json");
  const quantsPath = join(paths.dataDir, "quants.json");
  const backendsPath = join(paths.dataDir, "backends.json");
  const [models, quants, backends, hardware, fitted] = await Promise.all([
    loadModels(paths.dataDir),
    readJsonFile(quantsPath, "quants"),
    readJsonFile(backendsPath, "backends"),
    loadHardware(paths.dataDir),
    readJsonFile(fittedPath, "fitted_models").catch((error: unknown) => {
      throw paths.modelsPath !== undefined && error instanceof DataFileError
        ? new DataFileError(`--models-path ${error.file}`, error.detail)
        : error;
    }),
  ]);
  checkUnique(displayPath(quantsPath), "quants", quants.quants.map((q) => q.name));
  checkUnique(displayPath(backendsPath), "backends", backends.backends.map((b) => b.name));
  const fittedLabel = (paths.modelsPath !== undefined ? "--models-path " : "") + displayPath(fittedPath);
  checkCoverage(fittedLabel, fitted, quants.quants.map((q) => q.name), backends.backends.map((b) => b.name));
  const referenceGpu = hardware.gpus.find((g) => g.name === hardware.reference_gpu);
  if (!referenceGpu) throw new DataFileError(displayPath(join(paths.dataDir, "hardware.json")), "reference_gpu: not found");
  return {
    models: models.models,
    quants: quants.quants,
    backends: backends.backends,
    gpus: hardware.gpus,
    referenceGpu,
    fitted,
  };
}

/** Every quant needs a throughput multiplier; every backend a default serial fraction and, with a serving section, its entry there. */
function checkCoverage(file: string, fitted: FittedModels, quants: readonly string[], backends: readonly string[]): void {
  for (const quant of quants) {
    if (fitted.throughput.quant_multipliers[quant] === undefined) {
      throw new DataFileError(file, `throughput.quant_multipliers.${quant}: missing (every quant in quants.json needs one)`);
    }
  }
  for (const backend of backends) {
    if (fitted.scaling.defaults[backend] === undefined) {
      throw new DataFileError(file, `scaling.defaults.${backend}: missing (every backend in backends.json needs one)`);
    }
    if (fitted.serving_v1 && fitted.serving_v1.backends[backend] === undefined) {
      throw new DataFileError(file, `serving_v1.backends.${backend}: missing (every backend in backends.json needs one)`);
    }
  }
}
