import type { VramV2 } from "../../schema/fitted-models.js";
import type { VramBreakdown } from "../engines/engine.js";
import type { ModelSpec, QuantLevel } from "../catalog/types.js";
import { kvShare, SINGLE, weightShare, type Parallelism } from "./parallel.js";
import { GIB, kvCacheGib, residentWeightsGb, type KvDtype } from "../model/weights.js";

/**
 * VRAM per GPU with one sequence of `contextLength` tokens (vram_v2): every weight at the format's bits,
 * × the overhead factor, + a fixed runtime intercept + the KV cache + activations that grow with
 * context × hidden size. Over several GPUs each holds its share of the weights and KV cache (parallel.ts)
 * and its own runtime. The overhead factor's share beyond the weights and the intercept are the
 * breakdown's overhead.
 */
export function predictVram(
  model: ModelSpec,
  quant: QuantLevel,
  contextLength: number,
  v2: VramV2,
  kvDtype: KvDtype = "fp16",
  parallel: Parallelism = SINGLE,
): VramBreakdown {
  const weightsGb = residentWeightsGb(model, quant) * weightShare(parallel);
  const kvCacheGb = kvCacheGib(model, contextLength, 1, kvDtype) * kvShare(model, parallel);
  const activationsGb = (v2.activation_bytes_per_token_hidden * contextLength * model.hidden_size) / GIB;
  const overheadGb = weightsGb * (v2.overhead_factor - 1) + v2.intercept_gb;
  return { weightsGb, kvCacheGb, activationsGb, overheadGb, totalGb: weightsGb + overheadGb + kvCacheGb + activationsGb };
}

/** A breakdown with `sequences` concurrent sequences: each further one adds its KV cache. */
export function withSequences(vram: VramBreakdown, kvPerSequenceGb: number, sequences: number): VramBreakdown {
  const extra = (sequences - 1) * kvPerSequenceGb;
  return { ...vram, kvCacheGb: vram.kvCacheGb + extra, totalGb: vram.totalGb + extra };
}
