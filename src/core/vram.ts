import type { FittedModels, ModelSpec, QuantLevel } from "./types.js";

const GIB = 1024 ** 3;

/** KV cache in GB for `sequences` sequences of `contextLength` tokens: K and V, every layer, FP16 (2 bytes). */
export function kvCacheGb(model: ModelSpec, contextLength: number, sequences = 1): number {
  return (2 * model.n_layers * sequences * contextLength * model.n_kv_heads * model.d_head * 2) / GIB;
}

/** Weights in GB: parameters × bits per weight / 8. */
export function weightsGb(model: ModelSpec, quant: QuantLevel): number {
  return (model.params_b * quant.bits_per_weight) / 8;
}

/**
 * Model 1: predicted VRAM in GB with `sequences` concurrent sequences of `contextLength` tokens.
 * With a `vram_v2` section: weights × overhead + a fixed runtime intercept + the KV cache of every sequence
 * + activations that grow with context × hidden size. Without one, as TR133 (one sequence):
 * weights × overhead + KV + act_coeff × layers × (context / 1024)².
 */
export function predictVramGb(
  model: ModelSpec,
  quant: QuantLevel,
  contextLength: number,
  fitted: FittedModels,
  sequences = 1,
): number {
  const v2 = fitted.vram_v2;
  if (v2) {
    const activation = (v2.activation_bytes_per_token_hidden * contextLength * model.hidden_size) / GIB;
    return weightsGb(model, quant) * v2.overhead_factor + v2.intercept_gb + kvCacheGb(model, contextLength, sequences) + activation;
  }
  const { vram } = fitted;
  const activation = vram.act_coeff * model.n_layers * (contextLength / 1024) ** 2;
  return weightsGb(model, quant) * vram.overhead_factor + kvCacheGb(model, contextLength, sequences) + activation;
}
