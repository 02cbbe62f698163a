import { kvElements } from "./architecture.js";
import type { KvDtype } from "../kinds.js";
import type { ModelSpec, QuantLevel } from "../catalog/types.js";

/** Bytes per GB (decimal, as memory bandwidth is quoted). */
export const GB = 1e9;
/** Bytes per GiB (how the KV cache and runtime memory are counted, as the reference did). */
export const GIB = 1024 ** 3;

/** GB of `params` billion parameters, of which `embedding` billion are embeddings, stored in `quant`. */
function gbOf(params: number, embedding: number, quant: QuantLevel): number {
  const embeddingBits = quant.embeddings_16bit ? 16 : quant.bits_per_weight;
  return ((params - embedding) * quant.bits_per_weight + embedding * embeddingBits) / 8;
}

/** A model's weights in one format: held in memory, touched per token, read per decode step (GB). */
interface WeightBytes {
  resident: number;
  active: number;
  read: number;
}

/** Weight bytes per model and format, computed once: a search asks for them for every deployment. */
const cache = new WeakMap<ModelSpec, Map<QuantLevel, WeightBytes>>();

function weightBytes(model: ModelSpec, quant: QuantLevel): WeightBytes {
  let byQuant = cache.get(model);
  if (!byQuant) cache.set(model, (byQuant = new Map()));
  let bytes = byQuant.get(quant);
  if (!bytes) {
    const input = model.input_embedding_params_b;
    bytes = {
      resident: gbOf(model.params_b, model.embedding_params_b, quant),
      active: gbOf(model.active_params_b, model.embedding_params_b, quant),
      read: gbOf(model.active_params_b - input, model.embedding_params_b - input, quant),
    };
    byQuant.set(quant, bytes);
  }
  return bytes;
}

/** Every weight held in memory, GB: all parameters (every expert), at the format's bits per weight. */
export function residentWeightsGb(model: ModelSpec, quant: QuantLevel): number {
  return weightBytes(model, quant).resident;
}

/**
 * The weights one token touches, GB: every parameter but the experts it is not routed to. This is the
 * ceiling's denominator: one request can never decode faster than bandwidth / these bytes.
 */
export function activeWeightsGb(model: ModelSpec, quant: QuantLevel): number {
  return weightBytes(model, quant).active;
}

/** The weights one decode step reads, GB: the active weights but the untied input embedding, of which it reads one row. */
export function readWeightsGb(model: ModelSpec, quant: QuantLevel): number {
  return weightBytes(model, quant).read;
}

/** Bytes per cached element of each KV cache data type (llama.cpp's q8_0 and q4_0 carry a 16-bit scale per 32). */
const KV_BYTES: Readonly<Record<KvDtype, number>> = { fp16: 2, fp8: 1, q8_0: 34 / 32, q4_0: 18 / 32 };

export type { KvDtype };

/** KV cache of `sequences` sequences of `tokens` tokens each, GiB. */
export function kvCacheGib(model: ModelSpec, tokens: number, sequences = 1, dtype: KvDtype = "fp16"): number {
  return (kvElements(model.kv, tokens) * KV_BYTES[dtype] * sequences) / GIB;
}
