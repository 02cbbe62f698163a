import { ggufFile } from "./gguf-file.js";
import { kvValue } from "./launch-helpers.js";
import type { BackendLauncher, LaunchShape, LaunchTarget, ReplicaCommand, ReplicaSlot } from "./launch-types.js";
import { quantizedKv } from "./llama-cpp-launcher.js";

/** The Modelfile that imports the GGUF file, for a model with no Ollama tag (it sits beside the file). */
const MODELFILE = "models/Modelfile";

/** The name a model is loaded by: its Ollama tag, else the registry name it is created under. */
function modelName(shape: LaunchShape): string {
  return shape.model.ollamaTag ?? shape.model.name;
}

/** Where a command reaches the replica's server: the host's loopback at its port, or inside its container. */
function hostOf(slot: ReplicaSlot, target: LaunchTarget, port: number): string {
  return target === "compose" ? `0.0.0.0:${port}` : `127.0.0.1:${slot.port}`;
}

/**
 * `ollama serve`, configured by its environment: where it listens, `concurrency` parallel requests per
 * model (OLLAMA_NUM_PARALLEL; llama-server then gets -np of it and -c of the context times it), the
 * context, the KV type (with Flash Attention forced on when quantized; else Ollama's automatic choice),
 * every GPU of the replica for the model when it has several, and the model kept loaded. Then the model
 * is loaded: `ollama run <tag> ""`, or, with no tag, created from the GGUF file by a Modelfile first.
 */
export const ollamaLauncher: BackendLauncher = {
  server(shape, slot, target) {
    const env: [string, string][] = [
      ["OLLAMA_HOST", hostOf(slot, target, shape.facts.docker.container_port)],
      ["OLLAMA_NUM_PARALLEL", String(shape.concurrency)],
      ["OLLAMA_CONTEXT_LENGTH", String(shape.contextTokens)],
      ["OLLAMA_KV_CACHE_TYPE", kvValue(shape) ?? shape.facts.kv_cache_dtypes.default ?? "f16"],
    ];
    // A server keeps its model loaded (Ollama unloads an idle one after 5 minutes by default).
    env.push(["OLLAMA_KEEP_ALIVE", "-1"]);
    if (quantizedKv(shape)) env.push(["OLLAMA_FLASH_ATTENTION", "1"]);
    if (shape.gpusPerReplica > 1) env.push(["OLLAMA_SCHED_SPREAD", "1"]);
    return { env, argv: [...shape.facts.command] };
  },
  clients(shape, slot, target): ReplicaCommand[] {
    const client = shape.facts.client!;
    const env: [string, string][] = target === "compose" ? [] : [["OLLAMA_HOST", hostOf(slot, target, slot.port)]];
    const create: ReplicaCommand[] =
      shape.model.ollamaTag === undefined ? [{ env, argv: [...client.create, modelName(shape), "-f", target === "compose" ? `/${MODELFILE}` : MODELFILE] }] : [];
    // `ollama run <name> ""` loads the model without opening a chat (Ollama's FAQ: preloading).
    return [...create, { env, argv: [...client.run, modelName(shape), ""] }];
  },
  files(shape) {
    if (shape.model.ollamaTag !== undefined) return [];
    return [{ path: MODELFILE, content: `FROM ./${ggufFile(shape)}\n` }];
  },
  volumes: (shape) => (shape.model.ollamaTag === undefined ? ["./models:/models"] : []),
  notes(shape) {
    const tag = shape.model.ollamaTag;
    if (tag === undefined) return [{ code: "gguf_file", file: ggufFile(shape), quant: shape.quant.name, model: shape.model.hfId ?? shape.model.name }];
    return [{ code: "ollama_tag_quant", tag, quant: shape.quant.name }];
  },
};
