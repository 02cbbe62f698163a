import type { FittedModels, Gpu, ModelSpec, QuantLevel } from "../catalog/types.js";
import { own } from "../own.js";

/** Where a throughput figure comes from. */
type ThroughputSource = "measured" | "extrapolated" | "estimated" | "borrowed";

/** A single-request decode throughput prediction and its grounds. */
export interface ThroughputPrediction {
  tokensPerSecond: number;
  source: ThroughputSource;
  /**
   * The rule that gave it: a measured row (lookup), the reference's quant multiplier or size power law,
   * or the memory roofline.
   */
  basis: "lookup" | "quant_multiplier" | "size_power_law" | "roofline";
  /** The reference's scaling: GPU bandwidth / the reference GPU's. */
  bandwidthFactor?: number | undefined;
  /** A measured row carried to this GPU and context: its roofline time over this one's. */
  rooflineRatio?: number | undefined;
  /** The GPU a measured row was measured on. */
  measuredOn?: string | undefined;
  /** The roofline coefficients used ("backend|platform") and whether fitted on that pair or borrowed. */
  coefficients?: { key: string; source: string } | undefined;
  /** The physical ceiling, tok/s: bandwidth over the active weights. */
  ceilingTps: number;
  /** Whether the figure was cut to the ceiling. */
  capped: boolean;
}

/** The lowest throughput the model ever predicts, tok/s (the reference's floor). */
const MIN_THROUGHPUT_TPS = 0.1;

/**
 * TR133 model 2: tokens per second of one request at N=1. The measured lookup row if there is one,
 * else the backend's FP16 row × the quant multiplier, else the size power law × the quant multiplier;
 * then scaled by memory bandwidth from the reference GPU to `gpu`. (It can exceed the physical ceiling;
 * kept as is so the reference replays.)
 */
export function predictThroughput(
  model: ModelSpec,
  quant: QuantLevel,
  backend: string,
  gpu: Gpu,
  referenceGpu: Gpu,
  coeffs: FittedModels["throughput"],
): ThroughputPrediction {
  const multiplier = own(coeffs.quant_multipliers, quant.name) ?? 1;
  const exact = own(coeffs.lookup, `${model.name}|${backend}|${quant.name}`);
  const fp16 = own(coeffs.lookup, `${model.name}|${backend}|FP16`);
  let base: number;
  let basis: ThroughputPrediction["basis"];
  if (exact !== undefined) {
    base = exact;
    basis = "lookup";
  } else if (fp16 !== undefined) {
    base = fp16 * multiplier;
    basis = "quant_multiplier";
  } else {
    base = coeffs.size_power_a * model.params_b ** -coeffs.size_power_b * multiplier;
    basis = "size_power_law";
  }
  const bandwidthFactor = gpu.bandwidth_gbps / referenceGpu.bandwidth_gbps;
  const tokensPerSecond = Math.max(base * bandwidthFactor, MIN_THROUGHPUT_TPS);
  const source: ThroughputSource =
    basis !== "lookup" ? "estimated" : gpu.name === referenceGpu.name ? "measured" : "extrapolated";
  const ceilingTps = gpu.bandwidth_gbps / ((model.params_b * quant.bits_per_weight) / 8);
  return { tokensPerSecond, source, basis, bandwidthFactor, ceilingTps, capped: false };
}
