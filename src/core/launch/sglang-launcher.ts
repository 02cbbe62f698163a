import { checkpointNotes, hfModel, kvValue, modelNotes, pairs, quantizationValue } from "./launch-helpers.js";
import type { BackendLauncher, LaunchShape } from "./launch-types.js";
import { fractionNote, memoryFraction } from "./memory-fraction.js";

/** SGLang's mem_fraction_static for the candidate: weights and KV, capped at its own computed default. */
function staticFraction(shape: LaunchShape) {
  return memoryFraction(shape, shape.facts.memory.fraction!, shape.facts.memory.static_reserve);
}

/**
 * `python3 -m sglang.launch_server --model-path <hf id>`: tensor parallelism, at most `concurrency`
 * running requests, the context, the static memory fraction, the KV type and the quantization. In a
 * container it listens on every address (its default host is 127.0.0.1).
 */
export const sglangLauncher: BackendLauncher = {
  server(shape, slot, target) {
    const argv = [
      ...shape.facts.command,
      ...pairs(
        ["--model-path", hfModel(shape)],
        ["--tensor-parallel-size", shape.tensorParallel],
        ["--expert-parallel-size", shape.expertParallel > 1 ? shape.expertParallel : undefined],
        ["--max-running-requests", shape.concurrency],
        ["--context-length", shape.contextTokens],
        ["--mem-fraction-static", staticFraction(shape).value],
        ["--kv-cache-dtype", kvValue(shape)],
        ["--quantization", quantizationValue(shape)],
        ["--host", target === "compose" ? "0.0.0.0" : undefined],
        ["--port", target === "compose" ? shape.facts.docker.container_port : slot.port],
      ),
    ];
    return { env: [], argv };
  },
  notes: (shape) => [...modelNotes(shape), ...checkpointNotes(shape, ["fp8"]), ...fractionNote(staticFraction(shape), "--mem-fraction-static")],
};
