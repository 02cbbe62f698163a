import type { BackendSpec, Catalog, Gpu, ModelSpec, QuantLevel } from "../catalog/types.js";
import { splitModelType } from "./llama-bench.js";
import type { Measurement } from "./measurement.js";
import { exactlyNamed, modelNamed, quantOfFtype, quantOfName } from "./model-names.js";

/** What a user tells `calibrate` about rows whose file does not say (or says in words the registry does not know). */
export interface RowDefaults {
  gpu?: Gpu | undefined;
  model?: ModelSpec | undefined;
  quant?: QuantLevel | undefined;
  backend?: BackendSpec | undefined;
  /** GPUs per replica of a serving run. */
  tensorParallel?: number | undefined;
  /** Replicas behind a serving run's endpoint. */
  replicas?: number | undefined;
}

/** Where a row's weight format comes from. */
export type QuantSource = "file" | "flag" | "checkpoint";

/** A measurement with everything the physics needs to predict it. */
export interface ResolvedRow {
  /** Which file (by position among those read). */
  file: number;
  measurement: Measurement;
  model: ModelSpec;
  quant: QuantLevel;
  quantSource: QuantSource;
  backend: BackendSpec;
  gpu: Gpu;
  gpusPerReplica: number;
  replicas: number;
}

/** Why a measurement cannot be mapped onto the registry, with the name the file gave where it gave one. */
export type UnmappedReason =
  | "no_gpu"
  | "unknown_gpu"
  | "no_model"
  | "unknown_model"
  | "no_quant"
  | "unknown_quant"
  /** The model file's bits per weight are far from the format it names (gpt-oss's "F16" GGUF holds MXFP4 experts). */
  | "quant_mismatch"
  | "no_backend"
  | "unknown_backend"
  /** The backend does not serve the format on the GPU. */
  | "not_served"
  /** Several GPUs and no word on how they were split (replicas or tensor parallelism). */
  | "split_unknown"
  /** A split the backend cannot run (or a count that is not 1, 2, 4 or 8 GPUs per replica). */
  | "not_deployable"
  /** The prompt, depth and output exceed the model's context window. */
  | "beyond_context"
  /** A serving run with neither latencies nor a concurrency limit: its requests in flight are unknown. */
  | "no_concurrency";

/** A measurement that stays out of the fit, and why. */
export interface UnmappedRow {
  file: number;
  measurement: Measurement;
  reason: UnmappedReason;
  /** The name the file gave (the GPU, the model, the format), where the reason is about one. */
  name?: string | undefined;
}

/** Words GPU names carry in tools' output that the database's names leave out: "NVIDIA GeForce RTX 4090", "Radeon 8060S Graphics". */
const GPU_NOISE = /^(nvidia|amd|apple|geforce|intel)\s+|\s+(graphics|gpu)$|\s*\([^)]*\)$/i;

/** The database GPU a tool's name is, exactly, once vendor words are dropped; undefined when none is (or several are). */
export function toolGpu(gpus: readonly Gpu[], name: string): Gpu | undefined {
  let text = name.trim();
  for (;;) {
    const found = exactlyNamed(gpus, text);
    if (found) return found;
    const shorter = text.replace(GPU_NOISE, "").trim();
    if (shorter === text || shorter === "") return undefined;
    text = shorter;
  }
}

/** Bits per weight of a model file, from its size and parameters, when the file gives both. */
function fileBitsPerWeight(m: Measurement): number | undefined {
  const { sizeBytes, params } = m.model;
  return sizeBytes !== undefined && params !== undefined ? (sizeBytes * 8) / params : undefined;
}

/**
 * How far a file's bits per weight may be from its format's before the format is not believed: a
 * Q4_K_M file of a small model carries 16-bit embeddings and reads ~5.2 bits; gpt-oss-20b's "F16" file
 * reads 5.3, a third of 16.
 */
const BITS_TOLERANCE = { low: 0.75, high: 1.35 };

/** The weight format of a row: the file's (its type, its file name, a Hugging Face id's suffix), or the flag's. */
function quantOf(
  catalog: Catalog,
  m: Measurement,
  defaults: RowDefaults,
): { quant: QuantLevel; source: QuantSource } | { reason: UnmappedReason; name?: string } {
  const named = (name: string) => catalog.quants.find((q) => q.name.toLowerCase() === name.toLowerCase());
  const fromType = m.quant === undefined ? undefined : quantOfFtype(m.quant);
  const fromFile = [m.model.file, m.model.name].map((n) => (n === undefined ? undefined : quantOfName(n, catalog.quants).quant)).find((q) => q !== undefined);
  const given = fromType ?? fromFile;
  if (given !== undefined) {
    const quant = named(given);
    if (!quant) return defaults.quant ? { quant: defaults.quant, source: "flag" } : { reason: "unknown_quant", name: m.quant ?? given };
    const bits = fileBitsPerWeight(m);
    if (bits !== undefined && (bits < quant.bits_per_weight * BITS_TOLERANCE.low || bits > quant.bits_per_weight * BITS_TOLERANCE.high)) {
      return { reason: "quant_mismatch", name: `${m.quant ?? given} (${bits.toFixed(2)} bits per weight in the file)` };
    }
    return { quant, source: "file" };
  }
  if (defaults.quant) return { quant: defaults.quant, source: "flag" };
  // A serving run of a Hugging Face id with no format in its name serves the checkpoint's 16-bit weights.
  const fp16 = named("FP16");
  if (m.metric.kind === "load" && m.model.name?.includes("/") && fp16) return { quant: fp16, source: "checkpoint" };
  return { reason: "no_quant" };
}

/** The registry model of a row: its model file's name, or the name it gives, else the flag's. */
function modelOf(catalog: Catalog, m: Measurement, defaults: RowDefaults): ModelSpec | { reason: UnmappedReason; name?: string } {
  const candidates: string[] = [];
  if (m.model.file !== undefined) candidates.push(quantOfName(m.model.file, catalog.quants).stem);
  if (m.model.name !== undefined) {
    candidates.push(m.model.name);
    const stem = quantOfName(m.model.name, catalog.quants).stem;
    if (stem !== m.model.name) candidates.push(stem);
  }
  for (const name of candidates) {
    const found = modelNamed(catalog.models, name);
    if (found) return found;
  }
  if (defaults.model) return defaults.model;
  const shown = m.model.file ?? (m.model.name !== undefined && m.tool === "llama-bench" ? splitModelType(m.model.name).arch : m.model.name);
  return shown === undefined ? { reason: "no_model" } : { reason: "unknown_model", name: shown };
}

/** GPUs per replica and replicas: as the row's file or the flags say; several GPUs with no word on the split cannot be read. */
function splitOf(m: Measurement, defaults: RowDefaults): { gpusPerReplica: number; replicas: number } | undefined {
  const gpus = m.gpuCount;
  if (m.metric.kind !== "load") return { gpusPerReplica: defaults.tensorParallel ?? gpus ?? 1, replicas: 1 };
  const replicas = m.replicas ?? defaults.replicas;
  const tp = defaults.tensorParallel;
  if (tp !== undefined) return { gpusPerReplica: tp, replicas: replicas ?? (gpus !== undefined ? Math.max(1, Math.round(gpus / tp)) : 1) };
  if (replicas !== undefined) return { gpusPerReplica: gpus !== undefined ? Math.max(1, Math.round(gpus / replicas)) : 1, replicas };
  return gpus === undefined || gpus === 1 ? { gpusPerReplica: 1, replicas: 1 } : undefined;
}

/** The tokens a measurement keeps in context at most: depth, prompt and output. */
function contextTokens(m: Measurement): number {
  const metric = m.metric;
  if (metric.kind === "decode") return metric.depthTokens + metric.outputTokens;
  if (metric.kind === "prefill") return metric.depthTokens + metric.promptTokens;
  return Math.ceil(metric.promptTokens + metric.outputTokens);
}

/**
 * A measurement mapped onto the registry: its GPU, model, weight format and backend by the names its file
 * gives (or the user's flags where the file gives none the registry knows), and how its GPUs were split;
 * or why it cannot be, without guessing a near name.
 */
export function resolveRow(catalog: Catalog, file: number, m: Measurement, defaults: RowDefaults): ResolvedRow | UnmappedRow {
  const unmapped = (reason: UnmappedReason, name?: string): UnmappedRow => ({ file, measurement: m, reason, name });
  const gpu = (m.gpu !== undefined ? toolGpu(catalog.gpus, m.gpu) : undefined) ?? defaults.gpu;
  if (!gpu) return m.gpu === undefined ? unmapped("no_gpu") : unmapped("unknown_gpu", m.gpu);
  const backendName = m.backend;
  const backend = (backendName !== undefined ? catalog.backends.find((b) => b.name === backendName.toLowerCase()) : undefined) ?? defaults.backend;
  if (!backend) return backendName === undefined ? unmapped("no_backend") : unmapped("unknown_backend", backendName);
  const model = modelOf(catalog, m, defaults);
  if ("reason" in model) return unmapped(model.reason, model.name);
  const quant = quantOf(catalog, m, defaults);
  if ("reason" in quant) return unmapped(quant.reason, quant.name);
  if (contextTokens(m) > model.context_window) return unmapped("beyond_context", String(contextTokens(m)));
  if (!catalog.engine.serves(backend, quant.quant, gpu, {})) return unmapped("not_served", `${quant.quant.name} on ${backend.name}`);
  const split = splitOf(m, defaults);
  if (!split) return unmapped("split_unknown", String(m.gpuCount));
  return { file, measurement: m, model, quant: quant.quant, quantSource: quant.source, backend, gpu, ...split };
}
