import type { MemoryFraction, StaticReserveRule } from "../catalog/types.js";
import { round } from "../round.js";
import type { LaunchNote, LaunchShape } from "./launch-types.js";

/** The fraction a launch sets, and what the plan needed of it. */
export interface FractionChoice {
  value: number;
  /** What the plan's memory needs of the fraction's base, unrounded. */
  needed: number;
  /** The backend's safe value: its default, or SGLang's computed one. */
  cap: number;
}

/**
 * The memory fraction to launch a candidate with. The rule: at least what the plan predicts, at most the
 * backend's safe default. The plan's figures are per GPU (weights, KV for `concurrency` sequences of the
 * context, activations, the runtime's overhead), and each backend's fraction has its own base:
 *   total (vLLM, TGI): everything the plan predicts over the GPU's memory;
 *   total_static (SGLang): weights and KV over the GPU's memory (activations and CUDA graphs sit outside);
 *   free_after_weights (TensorRT-LLM): KV over what is free once the rest is loaded.
 * That share is rounded up to the next 0.01 (so the plan's KV always fits), and capped at the default:
 * vLLM's 0.92, TGI's 1.0, TensorRT-LLM's 0.9, SGLang's own computed value (its reserve for activations and
 * CUDA graphs for this GPU size and tensor-parallel size). A tight plan that needs more than the default is
 * launched at the default, with a note: the backend then has less KV than the plan counted, and the plan's
 * concurrency may queue. GB and GiB: the planner's memory figures are its GB and the GPU's listed memory,
 * and the fraction is their ratio; SGLang's reserve rule (GiB) is applied to the listed memory as GiB.
 */
export function memoryFraction(shape: LaunchShape, fraction: MemoryFraction, staticReserve?: StaticReserveRule): FractionChoice {
  const { gpuGb, vramGb, weightsGb, kvCacheGb } = shape.memory;
  const needed =
    fraction.of === "total" ? vramGb / gpuGb : fraction.of === "total_static" ? (weightsGb + kvCacheGb) / gpuGb : kvCacheGb / Math.max(gpuGb - (vramGb - kvCacheGb), 1e-9);
  const cap = fraction.default ?? (staticReserve ? staticDefault(staticReserve, gpuGb, shape.tensorParallel) : fraction.max);
  const up = Math.ceil(round(needed * 100, 6)) / 100;
  return { value: Math.max(0.01, Math.min(up, cap)), needed, cap };
}

/** The note a fraction choice raises when the plan needed more than the safe value. */
export function fractionNote(choice: FractionChoice, setting: string): LaunchNote[] {
  // Said to three places, as the flag is: a need that rounds to the default is not above it.
  const needed = round(choice.needed, 3);
  return needed > choice.cap ? [{ code: "memory_above_default", setting, needed, default: choice.cap }] : [];
}

/**
 * SGLang's mem_fraction_static when it is not given: (memory − reserved) / memory to 3 places, the reserve
 * for activations (the chunked-prefill size of the GPU's tier), tensor parallelism and the decode CUDA
 * graphs, at least the floor on large GPUs. The prefill-graph term is left out (the number of capture
 * sizes is not in the source read): the value is at most 8 MiB per capture size above SGLang's own.
 */
function staticDefault(rule: StaticReserveRule, memoryGib: number, tensorParallel: number): number {
  const tier = rule.tiers.find((t) => t.below_memory_gib === undefined || memoryGib < t.below_memory_gib) ?? rule.tiers[rule.tiers.length - 1]!;
  const activationTokens = Math.max(tier.chunked_prefill_size, rule.min_activation_tokens);
  const decodeBatch = tensorParallel >= 4 ? tier.decode_graph_max_batch_tp4 : tier.decode_graph_max_batch;
  let reserved = rule.base_gib + rule.gib_per_activation_token * activationTokens + rule.gib_per_tp_pp * tensorParallel + rule.gib_per_decode_graph_batch * decodeBatch;
  if (memoryGib > rule.floor_above_memory_gib) reserved = Math.max(reserved, rule.floor_gib);
  return Math.max(0.01, round((memoryGib - reserved) / memoryGib, 3));
}
