import type { LaunchNote, LaunchShape } from "./launch-types.js";

/** The id vLLM, SGLang, TGI and TensorRT-LLM load: the model's Hugging Face id, else its registry name. */
export function hfModel(shape: LaunchShape): string {
  return shape.model.hfId ?? shape.model.name;
}

/** What a person must know about the model id the command names. */
export function modelNotes(shape: LaunchShape): LaunchNote[] {
  return shape.model.hfId === undefined ? [{ code: "no_hf_id", model: shape.model.name }] : [];
}

/** The backend's own name for the planner's KV type (null: leave it unset, the model's dtype). */
export function kvValue(shape: LaunchShape): string | null {
  return shape.facts.kv_cache_dtypes.planner[shape.kvDtype] ?? null;
}

/** The backend's name for the weight format (undefined: 16-bit weights, or none it names). */
export function quantizationValue(shape: LaunchShape): string | undefined {
  const planner = shape.facts.quantization?.planner;
  return planner && Object.hasOwn(planner, shape.quant.format) ? planner[shape.quant.format] : undefined;
}

/**
 * AWQ and GPTQ weights (and FP8 ones on TensorRT-LLM, which takes no quantization flag) come from a
 * checkpoint quantized that way; the registry's id is the 16-bit one.
 */
export function checkpointNotes(shape: LaunchShape, quantizesOnline: readonly string[]): LaunchNote[] {
  const format = shape.quant.format;
  if (format === "fp16" || format === "gguf" || quantizesOnline.includes(format)) return [];
  return [{ code: "prequantized_checkpoint", quant: shape.quant.name, model: hfModel(shape) }];
}

/** `--flag value` pairs, skipping the undefined ones. */
export function pairs(...items: readonly (readonly [string, string | number | undefined | null])[]): string[] {
  return items.flatMap(([flag, value]) => (value === undefined || value === null ? [] : [flag, String(value)]));
}
