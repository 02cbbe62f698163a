import type { ModelEntry } from "../../schema/registry.js";
import { architectureFromConfig, manualArchitecture, type Architecture } from "./architecture.js";
import type { ModelSpec } from "../catalog/types.js";

/** A model spec from an architecture, under a name. */
export function specFromArchitecture(
  name: string,
  arch: Architecture,
  extra: Pick<ModelSpec, "aliases" | "published_params_b" | "published_active_params_b" | "source"> = { aliases: [] },
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
    return specFromArchitecture(entry.name, architectureFromConfig(entry.config), {
      aliases,
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
