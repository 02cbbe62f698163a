import { ggufFile } from "./gguf-file.js";
import { kvValue, pairs } from "./launch-helpers.js";
import type { BackendLauncher, LaunchShape } from "./launch-types.js";

/** Whether the KV type is a quantized one, which needs Flash Attention for the V cache. */
export function quantizedKv(shape: LaunchShape): boolean {
  return shape.kvDtype === "q8_0" || shape.kvDtype === "q4_0";
}

/**
 * `llama-server -m <file.gguf>`: `concurrency` slots, each with the context (with an explicit -np the
 * total -c is split evenly between slots, so -c is the context times the slots), every layer on the GPU,
 * whole layers spread evenly over the replica's GPUs (--split-mode layer, -ts 1,1,...), the KV type for K
 * and V, and Flash Attention on when the cache is quantized. Setting -c and -ngl keeps --fit (on by
 * default) from changing them.
 */
export const llamaCppLauncher: BackendLauncher = {
  server(shape, slot, target) {
    const file = target === "compose" ? `/models/${ggufFile(shape)}` : `./models/${ggufFile(shape)}`;
    const kv = kvValue(shape);
    const spread = shape.gpusPerReplica > 1;
    const argv = [
      ...shape.facts.command,
      ...pairs(
        ["-m", file],
        ["-c", shape.contextTokens * shape.concurrency],
        ["-np", shape.concurrency],
        ["-ngl", "all"],
        ["--split-mode", spread ? "layer" : undefined],
        ["-ts", spread ? Array.from({ length: shape.gpusPerReplica }, () => "1").join(",") : undefined],
        ["--cache-type-k", kv],
        ["--cache-type-v", kv],
        ["--flash-attn", quantizedKv(shape) ? "on" : undefined],
        ["--host", target === "compose" ? "0.0.0.0" : undefined],
        ["--port", target === "compose" ? shape.facts.docker.container_port : slot.port],
      ),
    ];
    return { env: [], argv };
  },
  notes: (shape) => [{ code: "gguf_file", file: ggufFile(shape), quant: shape.quant.name, model: shape.model.hfId ?? shape.model.name }],
};
