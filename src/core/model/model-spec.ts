import type { ModelEntry } from "../../schema/registry.js";
import { architectureFromConfig, ConfigFieldError, manualArchitecture, type Architecture } from "./architecture.js";
import type { ModelSpec } from "../catalog/types.js";
import { LIMITS } from "../limits.js";

/** A model spec from an architecture, under a name. */
export function specFromArchitecture(
  name: string,
  arch: Architecture,
  extra: Pick<ModelSpec, "aliases" | "hfId" | "ollamaTag" | "published_params_b" | "published_active_params_b" | "source" | "quants"> = { aliases: [] },
): ModelSpec {
  return {
    name,
    family: arch.family,
    params_b: arch.paramsB,
    active_params_b: arch.activeParamsB,
    embedding_params_b: arch.embeddingParamsB,
    input_embedding_params_b: arch.inputEmbeddingParamsB,
    n_layers: arch.nLayers,
    n_heads: arch.nHeads,
    n_kv_heads: arch.nKvHeads,
    d_head: arch.headDim,
    hidden_size: arch.hiddenSize,
    context_window: arch.contextWindow,
    kv: arch.kv,
    experts: arch.experts,
    vocab_size: arch.vocabSize,
    ...(arch.mtpLayers !== undefined ? { mtp_layers: arch.mtpLayers } : {}),
    ...extra,
  };
}

/**
 * The spec of a registry entry: built from its config.json, or (the reference's registry) from the
 * figures it states. Throws ConfigFieldError for a config that lacks what its family needs.
 */
export function modelFromEntry(entry: ModelEntry): ModelSpec {
  if ("config" in entry) {
    const aliases = [entry.hf_id, entry.ollama, ...(entry.aliases ?? [])].filter((a): a is string => a !== undefined);
    const arch = architectureFromConfig(entry.config);
    const problem = checkArchitecture(arch);
    if (problem) throw new ConfigFieldError("(the model as a whole)", problem);
    return specFromArchitecture(entry.name, arch, {
      aliases,
      ...(entry.quants ? { quants: entry.quants } : {}),
      ...(entry.hf_id === undefined ? {} : { hfId: entry.hf_id }),
      ...(entry.ollama === undefined ? {} : { ollamaTag: entry.ollama }),
      published_params_b: entry.published_params_b ?? undefined,
      published_active_params_b: entry.published_active_params_b ?? undefined,
      source: entry.config_source,
    });
  }
  const arch = manualArchitecture({
    paramsB: entry.params_b,
    nLayers: entry.n_layers,
    nKvHeads: entry.n_kv_heads,
    headDim: entry.d_head,
    hiddenSize: entry.hidden_size,
    contextWindow: entry.context_window,
  });
  return specFromArchitecture(entry.name, { ...arch, family: "tr133" }, { aliases: entry.aliases ?? [], source: entry.source });
}

/**
 * Why an architecture cannot be a model the planner plans, or undefined: totals beyond any model that
 * exists (each field of a config may be in range while their product is not), or parts that contradict
 * one another.
 */
export function checkArchitecture(arch: Architecture): string | undefined {
  const within = (x: number, most: number) => Number.isFinite(x) && x > 0 && x <= most;
  if (!within(arch.paramsB, LIMITS.paramsB)) return `${arch.paramsB} billion parameters: expected at most ${LIMITS.paramsB} billion`;
  if (!(arch.activeParamsB <= arch.paramsB * (1 + 1e-9)) || !within(arch.activeParamsB, LIMITS.paramsB)) {
    return `${arch.activeParamsB} billion active parameters: expected at most the ${arch.paramsB} billion in all`;
  }
  if (!within(arch.nLayers, LIMITS.layers)) return `${arch.nLayers} layers: expected at most ${LIMITS.layers}`;
  for (const [name, value] of [["hidden size", arch.hiddenSize], ["attention heads", arch.nHeads], ["KV heads", arch.nKvHeads], ["head size", arch.headDim]] as const) {
    if (!within(value, LIMITS.width)) return `${name} ${value}: expected at most ${LIMITS.width}`;
  }
  if (arch.nKvHeads > arch.nHeads) return `${arch.nKvHeads} KV heads: more than the ${arch.nHeads} attention heads`;
  if (arch.experts && arch.experts.perToken > arch.experts.total) return `${arch.experts.perToken} experts per token: more than the ${arch.experts.total} experts`;
  const kvPerToken = arch.kv.reduce((sum, g) => sum + g.layers * g.elementsPerToken, 0);
  if (!within(kvPerToken, LIMITS.kvElementsPerToken)) return `${kvPerToken} KV cache elements per token: expected at most ${LIMITS.kvElementsPerToken}`;
  return undefined;
}
