import type { ModelSpec, QuantLevel } from "../catalog/types.js";
import { residentWeightsGb } from "./weights.js";

/** What drafts tokens for speculative decoding: its shape as the engine step reads it, and the weights it adds to a replica. */
export interface Drafter {
  /** The drafter as a model: a draft model, or one decoder layer and the target's output head (EAGLE, MTP). */
  model: ModelSpec;
  /** Weights it adds to each replica, GB, before they are sharded over its GPUs. */
  residentGb: number;
}

/** A separate draft model, in the target's format (vLLM's draft_model, SGLang's STANDALONE, llama.cpp's and Ollama's draft model). */
export function draftModel(model: ModelSpec, quant: QuantLevel): Drafter {
  return { model, residentGb: residentWeightsGb(model, quant) };
}

/**
 * An EAGLE head or a multi-token-prediction module as the engine step reads it: one decoder layer of the
 * target (an MoE layer's routed experts included, with the same routing) and the target's output head, on
 * the target's hidden states. Its resident weights are that layer alone: EAGLE reuses the target's
 * embedding and output head, and DeepSeek-V3's MTP module shares them ("shared embedding and output head",
 * DeepSeek-V3 Technical Report arXiv:2412.19437 §2.2), so its 14B stated weights are counted as one layer
 * (671B/61 layers ≈ 11B, its routed experts included) less the copies loaders share. A head of a
 * mixture of experts takes its layer's dense part as the average of the non-routed parameters.
 */
export function draftHead(target: ModelSpec, quant: QuantLevel): Drafter {
  const layers = Math.max(1, target.n_layers);
  const outputHead = Math.max(0, target.embedding_params_b - target.input_embedding_params_b);
  const body = target.params_b - target.embedding_params_b;
  const activeBody = target.active_params_b - target.embedding_params_b;
  const e = target.experts;
  const routed = e ? e.routedParamsB : 0;
  const routedActive = e ? (routed * e.perToken) / e.total : 0;
  const layerTotal = (body - routed) / layers + (e ? routed / e.layers : 0);
  const layerActive = (activeBody - routedActive) / layers + (e ? routedActive / e.layers : 0);
  // The widest layer's KV (a sliding-window model's full-attention layers).
  const widest = target.kv.reduce((a, g) => (g.elementsPerToken > a.elementsPerToken ? g : a), target.kv[0] ?? { layers: 1, elementsPerToken: 0 });
  const model: ModelSpec = {
    ...target,
    name: `${target.name} draft head`,
    aliases: [],
    params_b: layerTotal + outputHead,
    active_params_b: layerActive + outputHead,
    embedding_params_b: outputHead,
    input_embedding_params_b: 0,
    n_layers: 1,
    kv: [{ layers: 1, elementsPerToken: widest.elementsPerToken }],
    experts: e ? { total: e.total, perToken: e.perToken, layers: 1, routedParamsB: routed / e.layers } : undefined,
  };
  return { model, residentGb: (layerTotal * quant.bits_per_weight) / 8 };
}
