import type { RooflineCoefficients } from "../../schema/fitted-models.js";
import type { Gpu, ModelSpec, QuantLevel } from "../catalog/types.js";

/** Floating-point operations of a prompt's forward pass: its matrix multiplies, and attention's quadratic term. */
interface PrefillFlops {
  /** 2 × the parameters one token uses (but the input embedding, a row look-up) × prompt tokens. */
  linear: number;
  /** Causal attention: each token against every earlier one, 2 × layers × heads × head size × prompt² (QKᵀ and AV). */
  attention: number;
}

/** The work of a `promptTokens`-token prompt through `model`. */
function prefillFlops(model: ModelSpec, promptTokens: number): PrefillFlops {
  const weights = (model.active_params_b - model.input_embedding_params_b) * 1e9;
  return {
    linear: 2 * weights * promptTokens,
    attention: 2 * model.n_layers * model.n_heads * model.d_head * promptTokens * promptTokens,
  };
}

/** The GPU figures prefill needs. */
export type ComputeGpu = Pick<Gpu, "fp16_tflops" | "fp16_acc_tflops" | "fp8" | "fp8Tflops">;

/**
 * The FLOPS a format's matrix multiplies run at: FP8 weights on FP8 tensor cores at the GPU's FP8 rate,
 * else twice FP16's work per cycle; kernels that accumulate in FP16 run at that rate where it is faster
 * (GeForce cards).
 */
function peakFlops(gpu: ComputeGpu, quant: QuantLevel, accumulate: "fp16" | "fp32" = "fp32"): number | undefined {
  if (gpu.fp16_tflops === undefined) return undefined;
  if (quant.format === "fp8" && gpu.fp8) return (gpu.fp8Tflops ?? gpu.fp16_tflops * 2) * 1e12;
  return (accumulate === "fp16" ? (gpu.fp16_acc_tflops ?? gpu.fp16_tflops) : gpu.fp16_tflops) * 1e12;
}

/** The share of the peak a format's matrix multiplies reach: its kernel family's, else FP16's. */
function computeEfficiency(coefficients: RooflineCoefficients, quant: QuantLevel): number {
  return coefficients.compute_efficiency[quant.kernel] ?? coefficients.compute_efficiency.fp16 ?? 1;
}

/** A prompt's prefill time and what it rests on. */
export interface PrefillPrediction {
  /** Seconds from the prompt's arrival at a free GPU to its first output token. */
  seconds: number;
  /**
   * Of those, the seconds of arithmetic no other request can share: the prompt's FLOPs. The fixed cost and
   * a short prompt's pass over the weights overlap with the batch's decode steps when others run beside it.
   */
  computeSeconds: number;
  /**
   * "estimated": the compute roofline over the GPU's TFLOPS; "unknown": the GPU publishes none, so only
   * the memory floor counts; "none": not modelled (the reference, whose latency has no prompt).
   */
  source: "estimated" | "unknown" | "none";
  /** Which bound set the time: the GPU's compute, or reading the weights once (short prompts). */
  bound: "compute" | "memory" | "none";
}

/**
 * Prefill is compute-bound: the prompt's FLOPs over the GPU's dense tensor FLOPS × the efficiency the
 * backend's kernels reach (fitted per kernel family on prompt measurements), split over `gpus` that each
 * hold a shard; never less than one pass reading the weights (`memoryFloorS`, a decode step), plus a fixed
 * cost. A GPU without a published TFLOPS figure gets the memory floor alone, and says so.
 */
export function predictPrefill(
  model: ModelSpec,
  quant: QuantLevel,
  gpu: ComputeGpu,
  coefficients: RooflineCoefficients,
  promptTokens: number,
  memoryFloorS: number,
  gpus = 1,
  accumulate: "fp16" | "fp32" = "fp32",
): PrefillPrediction {
  const fixedS = coefficients.prefill_ms / 1000;
  const peak = peakFlops(gpu, quant, accumulate);
  if (peak === undefined) return { seconds: fixedS + memoryFloorS, computeSeconds: 0, source: "unknown", bound: "memory" };
  const flops = prefillFlops(model, promptTokens);
  const computeS = (flops.linear / computeEfficiency(coefficients, quant) + flops.attention / coefficients.attention_efficiency) / (peak * gpus);
  return computeS >= memoryFloorS
    ? { seconds: fixedS + computeS, computeSeconds: computeS, source: "estimated", bound: "compute" }
    : { seconds: fixedS + memoryFloorS, computeSeconds: computeS, source: "estimated", bound: "memory" };
}

/**
 * Seconds of compute one more sequence adds to a batched decode step: its token through the active
 * weights at the prefill efficiency. A step is set by the slower of memory and this × the batch.
 */
export function decodeComputeS(
  model: ModelSpec,
  quant: QuantLevel,
  gpu: ComputeGpu,
  coefficients: RooflineCoefficients,
  gpus = 1,
  accumulate: "fp16" | "fp32" = "fp32",
): number {
  const peak = peakFlops(gpu, quant, accumulate);
  if (peak === undefined) return 0;
  return prefillFlops(model, 1).linear / (computeEfficiency(coefficients, quant) * peak * gpus);
}

/** The reference's prompt: none. */
export const NO_PREFILL: PrefillPrediction = { seconds: 0, computeSeconds: 0, source: "none", bound: "none" };
