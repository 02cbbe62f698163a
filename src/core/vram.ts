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
 * TR133 model 1: predicted VRAM in GB for one sequence of `contextLength` tokens:
 * weights × overhead + KV + act_coeff × layers × (context / 1024)².
 */
export function predictVramGb(
  model: ModelSpec,
  quant: QuantLevel,
  contextLength: number,
  coeffs: FittedModels["vram"],
): number {
  const activation = coeffs.act_coeff * model.n_layers * (contextLength / 1024) ** 2;
  return weightsGb(model, quant) * coeffs.overhead_factor + kvCacheGb(model, contextLength) + activation;
}
