import { checkpointNotes, hfModel, kvValue, modelNotes, pairs, quantizationValue } from "./launch-helpers.js";
import type { BackendLauncher, LaunchShape } from "./launch-types.js";
import { fractionNote, memoryFraction } from "./memory-fraction.js";

/** vLLM's gpu_memory_utilization for the candidate. */
function utilisation(shape: LaunchShape) {
  return memoryFraction(shape, shape.facts.memory.fraction!);
}

/**
 * `vllm serve <hf id>`: tensor parallelism over the replica's GPUs (and expert parallelism when planned), at most `concurrency` sequences (its
 * waiting queue holds the rest), the context, the memory fraction, the KV type, and the quantization
 * (FP8 quantizes 16-bit weights as they load; AWQ and GPTQ need such a checkpoint).
 */
export const vllmLauncher: BackendLauncher = {
  server(shape, slot, target) {
    const argv = [
      ...shape.facts.command,
      hfModel(shape),
      ...pairs(["--tensor-parallel-size", shape.tensorParallel]),
      // Expert parallelism is a switch: its size is the tensor-parallel size.
      ...(shape.expertParallel > 1 ? ["--enable-expert-parallel"] : []),
      ...pairs(
        ["--max-num-seqs", shape.concurrency],
        ["--max-model-len", shape.contextTokens],
        ["--gpu-memory-utilization", utilisation(shape).value],
        ["--kv-cache-dtype", kvValue(shape)],
        ["--quantization", quantizationValue(shape)],
        ["--port", target === "compose" ? shape.facts.docker.container_port : slot.port],
      ),
    ];
    return { env: [], argv };
  },
  notes: (shape) => [...modelNotes(shape), ...checkpointNotes(shape, ["fp8"]), ...fractionNote(utilisation(shape), "--gpu-memory-utilization")],
};
