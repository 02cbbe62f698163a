import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { architectureFromConfig, ConfigFieldError } from "../core/model/architecture.js";
import { specFromArchitecture } from "../core/model/model-spec.js";
import type { ModelSpec } from "../core/catalog/types.js";
import type { Measurements } from "../core/validation/validation.js";
import { DataFileError } from "../errors.js";
import { displayPath, readJson, readJsonFile } from "./read-json-file.js";

/** The configs of measured models outside the registry (data/measurements/configs/*.json), named after their files. */
function loadMeasuredModels(dataDir: string): ModelSpec[] {
  const dir = join(dataDir, "measurements", "configs");
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  } catch {
    return [];
  }
  return files.map((file) => {
    const path = join(dir, file);
    try {
      return specFromArchitecture(basename(file, ".json"), architectureFromConfig(readJson(path)), { aliases: [], source: displayPath(path) });
    } catch (error) {
      if (error instanceof ConfigFieldError) throw new DataFileError(displayPath(path), error.message);
      throw error;
    }
  });
}

/** Every measurement file `validate` and the fit read. */
export async function loadMeasurements(dataDir: string): Promise<Measurements> {
  const at = (file: string) => [join(dataDir, file), { shippedAs: file }] as const;
  const [vram, multiAgent, efficiencyMeans, serviceTimes, decode, prefill, throughput, serving] = await Promise.all([
    readJsonFile(at("measurements/vram.json")[0], "measurements/vram", at("measurements/vram.json")[1]),
    readJsonFile(at("measurements/multi-agent.json")[0], "measurements/multi-agent", at("measurements/multi-agent.json")[1]),
    readJsonFile(at("measurements/efficiency-means.json")[0], "measurements/efficiency-means", at("measurements/efficiency-means.json")[1]),
    readJsonFile(at("measurements/service-times.json")[0], "measurements/service-times", at("measurements/service-times.json")[1]),
    readJsonFile(at("measurements/decode.json")[0], "measurements/decode", at("measurements/decode.json")[1]),
    readJsonFile(at("measurements/prefill.json")[0], "measurements/prefill", at("measurements/prefill.json")[1]),
    readJsonFile(at("measurements/throughput.json")[0], "measurements/throughput", at("measurements/throughput.json")[1]),
    readJsonFile(at("measurements/serving.json")[0], "measurements/serving", at("measurements/serving.json")[1]),
  ]);
  return { vram, multiAgent, efficiencyMeans, serviceTimes, decode, prefill, throughput, serving, measuredModels: loadMeasuredModels(dataDir) };
}
