import { ConfigFieldError } from "../core/model/architecture.js";
import { gpuFromEntry } from "../core/hardware/gpu.js";
import { modelFromEntry } from "../core/model/model-spec.js";
import { normaliseName } from "../core/catalog/names.js";
import type { Gpu, ModelSpec } from "../core/catalog/types.js";
import { DataFileError } from "../errors.js";
import type { HardwareFile, ModelsFile } from "../schema/registry.js";

/** Throws a DataFileError if two entries' names or aliases agree once case and punctuation are ignored. */
export function checkUnique(file: string, field: string, entries: readonly { name: string; aliases?: readonly string[] | undefined }[]): void {
  const seen = new Map<string, string>();
  entries.forEach((entry, index) => {
    for (const name of [entry.name, ...(entry.aliases ?? [])]) {
      const key = normaliseName(name);
      const other = seen.get(key);
      if (other !== undefined && other !== entry.name) {
        throw new DataFileError(file, `${field}.${index}: "${name}" is also a name of "${other}" (names differing only in case or punctuation are the same)`);
      }
      if (other === entry.name && name !== entry.name) continue;
      if (other === entry.name) throw new DataFileError(file, `${field}.${index}.name: duplicate name "${name}"`);
      seen.set(key, entry.name);
    }
  });
}

/** The registry's specs, each built from its config.json or its stated figures, names checked unique. */
export function deriveModels(data: ModelsFile, shown: string): ModelSpec[] {
  checkUnique(shown, "models", data.models);
  return data.models.map((entry, index) => {
    try {
      return modelFromEntry(entry);
    } catch (error) {
      if (error instanceof ConfigFieldError) throw new DataFileError(shown, `models.${index}.config.${error.message}`);
      throw error;
    }
  });
}

/** The GPU database as the planner uses it, names checked unique, and the reference GPU it names if any. */
export interface DerivedHardware {
  gpus: Gpu[];
  referenceGpu?: Gpu | undefined;
}

/** Derives the GPUs of a hardware file. */
export function deriveHardware(data: HardwareFile, shown: string): DerivedHardware {
  checkUnique(shown, "gpus", data.gpus);
  const gpus = data.gpus.map(gpuFromEntry);
  if (data.reference_gpu === undefined) return { gpus };
  const referenceGpu = gpus.find((g) => g.name === data.reference_gpu);
  if (!referenceGpu) throw new DataFileError(shown, `reference_gpu: "${data.reference_gpu}" is not one of gpus`);
  return { gpus, referenceGpu };
}

/** The data files whose derived form the build records beside their validated bytes, and how to derive it. */
export const DERIVED = {
  "models.json": (data: unknown, shown: string) => deriveModels(data as ModelsFile, shown),
  "reference/models.json": (data: unknown, shown: string) => deriveModels(data as ModelsFile, shown),
  "hardware.json": (data: unknown, shown: string) => deriveHardware(data as HardwareFile, shown),
  "reference/hardware.json": (data: unknown, shown: string) => deriveHardware(data as HardwareFile, shown),
} as const;
