import { basename, extname } from "node:path";
import { Option, type Command } from "commander";
import { architectureFromConfig, ConfigFieldError, manualArchitecture, type Architecture } from "../core/model/architecture.js";
import { specFromArchitecture } from "../core/model/model-spec.js";
import { lookupName } from "../core/catalog/names.js";
import type { ModelSpec } from "../core/catalog/types.js";
import { readJson } from "../data/read-json-file.js";
import { DataFileError, UsageError } from "../errors.js";
import { parseContextWindow, parseParamsB, parseShape } from "./parse-options.js";

/** The flags that describe a model outside the registry. */
export interface ModelFlags {
  modelConfig?: string;
  paramsB?: number;
  nLayers?: number;
  nKvHeads?: number;
  headDim?: number;
  hiddenSize?: number;
  contextWindow?: number;
}

/** Adds --model-config and the manual architecture flags. */
export function addModelOptions(command: Command): Command {
  return command
    .option("--model-config <file>", "a Hugging Face config.json on disk: plan or predict that architecture (read offline)")
    .addOption(new Option("--params-b <billions>", "parameters in billions (a model with no config.json; with one, overrides it)").argParser(parseParamsB))
    .addOption(new Option("--n-layers <n>", "decoder layers").argParser(parseShape))
    .addOption(new Option("--n-kv-heads <n>", "key/value heads (GQA/MQA)").argParser(parseShape))
    .addOption(new Option("--head-dim <n>", "dimension of one attention head").argParser(parseShape))
    .addOption(new Option("--hidden-size <n>", "model width (d_model)").argParser(parseShape))
    .addOption(new Option("--context-window <tokens>", "the context the model was trained for").argParser(parseContextWindow));
}

/** The flags a model by hand needs, in the order a message lists them. */
const MANUAL: readonly [keyof ModelFlags, string][] = [
  ["paramsB", "--params-b"],
  ["nLayers", "--n-layers"],
  ["nKvHeads", "--n-kv-heads"],
  ["headDim", "--head-dim"],
  ["hiddenSize", "--hidden-size"],
];

/** The architecture a config.json describes; a missing or wrong field is one line naming the file and the field. */
function fromConfig(file: string): { arch: Architecture; name: string } {
  let config: unknown;
  try {
    config = readJson(file);
  } catch (error) {
    if (error instanceof DataFileError) throw new UsageError(`--model-config ${error.message}`);
    throw error;
  }
  try {
    const arch = architectureFromConfig(config);
    const stated = (config as Record<string, unknown>)._name_or_path;
    return { arch, name: typeof stated === "string" && stated.length > 0 ? stated : basename(file, extname(file)) };
  } catch (error) {
    if (error instanceof ConfigFieldError) throw new UsageError(`--model-config ${file}: ${error.message}`);
    throw error;
  }
}

/**
 * The model the flags describe, if any: a config.json (with any manual flag overriding what it says), or
 * the manual flags alone, which then need parameters, layers, KV heads, head dim and hidden size. Its
 * quality is unknown: nothing measured it.
 */
export function customModel(flags: ModelFlags): ModelSpec | undefined {
  const manualGiven = MANUAL.some(([key]) => flags[key] !== undefined) || flags.contextWindow !== undefined;
  if (flags.modelConfig === undefined && !manualGiven) return undefined;
  let arch: Architecture;
  let name: string;
  if (flags.modelConfig !== undefined) {
    ({ arch, name } = fromConfig(flags.modelConfig));
    const kvHeads = flags.nKvHeads ?? arch.nKvHeads;
    const headDim = flags.headDim ?? arch.headDim;
    arch = {
      ...arch,
      ...(flags.paramsB !== undefined ? { paramsB: flags.paramsB, activeParamsB: flags.paramsB * (arch.activeParamsB / arch.paramsB) } : {}),
      nLayers: flags.nLayers ?? arch.nLayers,
      hiddenSize: flags.hiddenSize ?? arch.hiddenSize,
      contextWindow: flags.contextWindow ?? arch.contextWindow,
      ...(flags.nKvHeads !== undefined || flags.headDim !== undefined || flags.nLayers !== undefined
        ? { nKvHeads: kvHeads, headDim, kv: [{ layers: flags.nLayers ?? arch.nLayers, elementsPerToken: 2 * kvHeads * headDim }] }
        : {}),
    };
  } else {
    const missing = MANUAL.filter(([key]) => flags[key] === undefined).map(([, flag]) => flag);
    if (missing.length > 0) {
      throw new UsageError(`a model without --model-config needs ${missing.join(", ")} (given: ${MANUAL.filter(([k]) => flags[k] !== undefined).map(([, f]) => f).join(", ") || "--context-window only"}).`);
    }
    arch = manualArchitecture({
      paramsB: flags.paramsB!,
      nLayers: flags.nLayers!,
      nKvHeads: flags.nKvHeads!,
      headDim: flags.headDim!,
      hiddenSize: flags.hiddenSize!,
      contextWindow: flags.contextWindow ?? Number.MAX_SAFE_INTEGER,
    });
    name = `custom ${Number(flags.paramsB!.toPrecision(4))}B`;
  }
  return specFromArchitecture(name, arch, { aliases: [], source: flags.modelConfig ?? "command-line flags" });
}

/** The registry models a --model value names (comma-separated), each by name, Hugging Face id or Ollama tag. */
export function resolveModels(models: readonly ModelSpec[], query: string, flag = "--model <name>"): ModelSpec[] {
  const names = query.split(",").map((n) => n.trim()).filter((n) => n.length > 0);
  if (names.length === 0) throw new UsageError(`option '${flag}' argument '${query}' names no model.`);
  const resolved = names.map((name) => {
    const found = lookupName(models, name, false);
    if (found.kind === "found") return found.item;
    const closest = (found.kind === "unknown" ? found.closest : found.matches).map((m) => `"${m.name}"`).join(", ");
    throw new UsageError(`option '${flag}' argument '${name}' is not a known model. Closest: ${closest} (see 'chimeraforge list-models').`);
  });
  return resolved.filter((m, i) => resolved.indexOf(m) === i);
}
