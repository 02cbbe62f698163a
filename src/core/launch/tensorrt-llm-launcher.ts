import { checkpointNotes, hfModel, kvValue, modelNotes, pairs } from "./launch-helpers.js";
import type { BackendLauncher, LaunchShape, LaunchTarget } from "./launch-types.js";
import { fractionNote, memoryFraction } from "./memory-fraction.js";

/** The YAML options file, and where a container finds it. */
const OPTIONS_FILE = "trtllm-options.yaml";
const CONTAINER_OPTIONS = "/workspace/trtllm-options.yaml";

/** TensorRT-LLM's free_gpu_memory_fraction for the candidate: KV over what is free once the model is loaded. */
function freeFraction(shape: LaunchShape) {
  return memoryFraction(shape, shape.facts.memory.fraction!);
}

/** Whether the KV type needs the YAML file (trtllm-serve has no flag for it). */
function needsOptions(shape: LaunchShape): boolean {
  const kv = kvValue(shape);
  return kv !== null && kv !== shape.facts.kv_cache_dtypes.default;
}

/**
 * `trtllm-serve <hf id>` on the PyTorch backend: tensor parallelism, at most `concurrency` requests in a
 * batch, the context, and the free-memory fraction for KV. The spellings chosen (--tp_size,
 * --kv_cache_free_gpu_memory_fraction, --extra_llm_api_options) are the aliases the 0.18.2 docs already
 * had, so the image's older release takes them too. The token budget of a step is raised to the context
 * when that is longer than the default (chunked prefill is off by default, so a prompt must fit one step).
 * An FP8 KV cache is a YAML option; the file repeats the memory fraction, because the YAML's
 * kv_cache_config is merged after the flags.
 */
export const tensorrtLlmLauncher: BackendLauncher = {
  server(shape, slot, target) {
    const budget = shape.facts.scheduler.batched_tokens.default ?? 0;
    const argv = [
      ...shape.facts.command,
      hfModel(shape),
      ...pairs(
        ["--backend", "pytorch"],
        ["--tp_size", shape.tensorParallel],
        ["--ep_size", shape.expertParallel > 1 ? shape.expertParallel : undefined],
        ["--max_batch_size", shape.concurrency],
        ["--max_seq_len", shape.contextTokens],
        ["--max_num_tokens", shape.contextTokens > budget ? shape.contextTokens : undefined],
        ["--kv_cache_free_gpu_memory_fraction", freeFraction(shape).value],
        ["--extra_llm_api_options", needsOptions(shape) ? optionsPath(target) : undefined],
        ["--host", target === "compose" ? "0.0.0.0" : undefined],
        ["--port", target === "compose" ? shape.facts.docker.container_port : slot.port],
      ),
    ];
    return { env: [], argv };
  },
  files(shape) {
    if (!needsOptions(shape)) return [];
    const content = `kv_cache_config:\n  dtype: ${kvValue(shape)!}\n  free_gpu_memory_fraction: ${freeFraction(shape).value}\n`;
    return [{ path: OPTIONS_FILE, content }];
  },
  volumes: (shape) => (needsOptions(shape) ? [`./${OPTIONS_FILE}:${CONTAINER_OPTIONS}`] : []),
  notes: (shape) => [...modelNotes(shape), ...checkpointNotes(shape, []), ...fractionNote(freeFraction(shape), "--kv_cache_free_gpu_memory_fraction")],
};

/** The options file as the command names it. */
function optionsPath(target: LaunchTarget): string {
  return target === "compose" ? CONTAINER_OPTIONS : OPTIONS_FILE;
}
