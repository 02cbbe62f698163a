import type { Gpu, QuantLevel } from "../catalog/types.js";

/** The GPU figures prefill needs. */
export type ComputeGpu = Pick<Gpu, "fp16_tflops" | "fp16_acc_tflops" | "fp8" | "fp8Tflops" | "fp4Tflops">;

/**
 * The FLOPS a format's matrix multiplies run at: NVFP4 weights on FP4 tensor cores (Blackwell) at the
 * GPU's FP4 rate; FP8 weights on FP8 tensor cores at the GPU's FP8 rate, else twice FP16's work per cycle;
 * kernels that accumulate in FP16 run at that rate where it is faster (GeForce cards).
 */
export function peakFlops(gpu: ComputeGpu, quant: QuantLevel, accumulate: "fp16" | "fp32" = "fp32"): number | undefined {
  if (gpu.fp16_tflops === undefined) return undefined;
  if (quant.format === "nvfp4" && gpu.fp4Tflops !== undefined) return gpu.fp4Tflops * 1e12;
  if (quant.format === "fp8" && gpu.fp8) return (gpu.fp8Tflops ?? gpu.fp16_tflops * 2) * 1e12;
  return (accumulate === "fp16" ? (gpu.fp16_acc_tflops ?? gpu.fp16_tflops) : gpu.fp16_tflops) * 1e12;
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

/** The reference's prompt: none. */
export const NO_PREFILL: PrefillPrediction = { seconds: 0, computeSeconds: 0, source: "none", bound: "none" };
