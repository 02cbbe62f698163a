import type { RooflineCoefficients } from "../../schema/fitted-models.js";
import type { Gpu, ModelSpec, QuantLevel } from "../catalog/types.js";
import { activeWeightsGb, kvCacheGib, readWeightsGb, GB, GIB, type KvDtype } from "../model/weights.js";

/**
 * The memory roofline of one decode step: every layer costs a fixed time (kernel launches and
 * synchronisation), the weights the step touches are read once at the share of bandwidth the backend's
 * kernels reach for that format, and each sequence's KV cache is read at the share its attention kernels
 * reach. `coefficients` are those of the (backend, platform) pair, fitted by scripts/fit-coefficients.ts.
 */
export interface DecodeStep {
  /** Seconds of fixed per-layer cost. */
  fixedS: number;
  /** Seconds reading the weights. */
  weightsS: number;
  /** Seconds reading one sequence's KV cache at the context given. */
  kvS: number;
}

/** What a decode step needs of a (backend, platform) pair's coefficients. */
export type DecodeCoefficients = Pick<RooflineCoefficients, "layer_ms" | "kv_efficiency" | "weight_efficiency">;

/** The parts of one decode step for one sequence at `contextTokens` tokens of context. */
export function decodeStep(
  model: ModelSpec,
  quant: QuantLevel,
  gpu: Pick<Gpu, "bandwidth_gbps">,
  coefficients: DecodeCoefficients,
  contextTokens: number,
  kvDtype: KvDtype = "fp16",
): DecodeStep {
  const bandwidth = gpu.bandwidth_gbps * GB;
  const efficiency = coefficients.weight_efficiency[quant.kernel] ?? coefficients.weight_efficiency.fp16 ?? 1;
  return {
    fixedS: (model.n_layers * coefficients.layer_ms) / 1000,
    weightsS: (readWeightsGb(model, quant) * GB) / (bandwidth * efficiency),
    kvS: (kvCacheGib(model, contextTokens, 1, kvDtype) * GIB) / (bandwidth * coefficients.kv_efficiency),
  };
}

/** Seconds per token of one sequence alone. */
export function stepSeconds(step: DecodeStep): number {
  return step.fixedS + step.weightsS + step.kvS;
}

/** The mean context over a response: the prompt, and half the output as the cache grows. */
export function meanDecodeContext(promptTokens: number, outputTokens: number): number {
  return promptTokens + outputTokens / 2;
}

/**
 * The physical ceiling of one request's decode speed, tok/s: every active weight read once per token at
 * the GPUs' full bandwidth. No prediction may exceed it.
 */
export function ceilingTps(model: ModelSpec, quant: QuantLevel, gpu: Pick<Gpu, "bandwidth_gbps">, gpus = 1): number {
  return (gpus * gpu.bandwidth_gbps) / activeWeightsGb(model, quant);
}
