import { checkpointNotes, hfModel, kvValue, modelNotes, pairs, quantizationValue } from "./launch-helpers.js";
import type { BackendLauncher, LaunchShape } from "./launch-types.js";
import { fractionNote, memoryFraction } from "./memory-fraction.js";

/** TGI's cuda_memory_fraction for the candidate. */
function cudaFraction(shape: LaunchShape) {
  return memoryFraction(shape, shape.facts.memory.fraction!);
}

/**
 * `text-generation-launcher --model-id <hf id>`: shards over the replica's GPUs, the context as the
 * most tokens a request may hold (its input at most one less, as TGI's own default has it), the memory
 * fraction, the KV type and the quantization. --max-concurrent-requests counts queued requests too and
 * refuses clients beyond it, so it is the planned concurrency or TGI's default if that is larger; the
 * running batch is bounded by the KV blocks TGI infers.
 */
export const tgiLauncher: BackendLauncher = {
  server(shape, slot, target) {
    const maxTotal = Math.max(2, shape.contextTokens);
    const argv = [
      ...shape.facts.command,
      ...pairs(
        ["--model-id", hfModel(shape)],
        ["--num-shard", shape.tensorParallel],
        ["--max-concurrent-requests", Math.max(shape.concurrency, shape.facts.scheduler.max_sequences.default ?? 0)],
        ["--max-input-tokens", maxTotal - 1],
        ["--max-total-tokens", maxTotal],
        ["--cuda-memory-fraction", cudaFraction(shape).value],
        ["--kv-cache-dtype", kvValue(shape)],
        ["--quantize", quantizationValue(shape)],
        ["--port", target === "compose" ? shape.facts.docker.container_port : slot.port],
      ),
    ];
    return { env: [], argv };
  },
  notes: (shape) => [...modelNotes(shape), ...checkpointNotes(shape, ["fp8"]), ...fractionNote(cudaFraction(shape), "--cuda-memory-fraction")],
};
