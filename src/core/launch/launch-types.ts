import type { BackendFacts, Platform } from "../catalog/types.js";
import type { KvDtype } from "../kinds.js";

/** What a launch needs besides the candidate: the workload it was planned for, and where to listen. */
export interface LaunchOptions {
  /** The scope of the plan or prediction the candidate comes from (its workload, KV type and GPU memory). */
  scope: LaunchScope;
  /** Also write a docker compose file (services per replica). */
  compose?: boolean | undefined;
  /** The first replica's port (default: the backend's own); replica i listens on basePort + i. */
  basePort?: number | undefined;
}

/** The parts of a plan's or prediction's scope a launch reads. */
export interface LaunchScope {
  prompt_tokens: number;
  output_tokens: number;
  context_length: number;
  kv_dtype: string;
  /** The GPUs weighed: the candidate's is found by name, for its memory. */
  hardware: readonly { name: string; memory_gb: number }[];
  /** Speculative decoding the plan counts (its method and draft model), which the commands leave to the user. */
  speculative?: { method: string; draft_model: string | null } | null | undefined;
}

/** How to start a candidate: one server command per replica (and Ollama's client), files they read, a compose file. */
export interface Launch {
  backend: string;
  /** The version of the backend the flags are for (data/engines.json). */
  version: string;
  commands: LaunchCommand[];
  /** Files the commands read (Ollama's Modelfile, TensorRT-LLM's YAML options), to write first. */
  files: LaunchFile[];
  /** With compose: the docker compose file, one service per replica. */
  compose?: string;
  /** With compose: what to run once the file is written (docker compose up; Ollama's model load). */
  compose_commands?: string[];
  notes: LaunchNote[];
}

/** One command: its environment and argv, and the two as one shell line. */
export interface LaunchCommand {
  /** The replica it starts or serves, from 0. */
  replica: number;
  /** server: starts a replica; client: loads the model into one (Ollama). */
  role: "server" | "client";
  /** The GPU indices the replica uses. */
  gpus: number[];
  port: number;
  env: Record<string, string>;
  argv: string[];
  shell: string;
}

/** A file a command reads. */
export interface LaunchFile {
  path: string;
  content: string;
}

/** Something the person starting the servers must know, as data (the CLI words it). */
export type LaunchNote =
  /** The plan's memory needs more than the backend's default (safe) fraction: the fraction is capped at the default. */
  | { code: "memory_above_default"; setting: string; needed: number; default: number }
  /** The weight format needs a checkpoint quantized that way: the model's id names the unquantized one. */
  | { code: "prequantized_checkpoint"; quant: string; model: string }
  /** llama.cpp and Ollama load a GGUF file: the commands name it; it must be downloaded or converted first. */
  | { code: "gguf_file"; file: string; quant: string; model: string }
  /** An Ollama tag pulls the quantization its library publishes under that tag. */
  | { code: "ollama_tag_quant"; tag: string; quant: string }
  /** The model has no Hugging Face id in the registry: its name stands in. */
  | { code: "no_hf_id"; model: string }
  /** The backend's data has no ROCm image: the compose file names its CUDA one. */
  | { code: "no_amd_image"; backend: string }
  /** The deployment has more GPUs than a server commonly holds: the indices count its GPUs, each host's from 0. */
  | { code: "gpus_across_hosts"; gpus: number }
  /** The images document NVIDIA and AMD GPUs only: no compose file for an Apple GPU. */
  | { code: "no_apple_compose" }
  /** The plan counts speculative decoding, which the commands do not turn on: how the backend does (data/engines.json), where known. */
  | { code: "speculative_not_launched"; method: string; draft_model: string | null; how: string | null };

/** Where a replica runs: its index, port and GPUs. */
export interface ReplicaSlot {
  index: number;
  port: number;
  gpus: number[];
}

/** A candidate resolved against the catalog: what every backend's command is built from. */
export interface LaunchShape {
  facts: BackendFacts;
  backend: string;
  model: { name: string; hfId?: string | undefined; ollamaTag?: string | undefined };
  quant: { name: string; format: string };
  replicas: number;
  gpusPerReplica: number;
  tensorParallel: number;
  /** GPUs the experts are spread over whole (expert parallelism), else 1. */
  expertParallel: number;
  split: "none" | "tensor" | "layer";
  /** Requests served at once on each replica. */
  concurrency: number;
  /** The most tokens one sequence holds: prompt and output, or the planned context if longer. */
  contextTokens: number;
  kvDtype: KvDtype;
  platform: Platform | "any";
  /** Per GPU, GB as the plan predicts them. */
  memory: { gpuGb: number; vramGb: number; weightsGb: number; kvCacheGb: number };
}

/** One replica's command: its environment (in order) and argv. */
export interface ReplicaCommand {
  env: [string, string][];
  argv: string[];
}

/** Where a command runs: a shell on the host, or a container of the compose file. */
export type LaunchTarget = "shell" | "compose";

/** How one backend is started: its server per replica, and what it needs besides. */
export interface BackendLauncher {
  /** One replica's server command (compose: the container's, listening on the container's port on every address). */
  server(shape: LaunchShape, slot: ReplicaSlot, target: LaunchTarget): ReplicaCommand;
  /** Commands that load the model into a running server (Ollama). */
  clients?(shape: LaunchShape, slot: ReplicaSlot, target: LaunchTarget): ReplicaCommand[];
  /** Files the commands read. */
  files?(shape: LaunchShape): LaunchFile[];
  /** Volumes a container needs besides the image's documented ones (the files above, the GGUF directory). */
  volumes?(shape: LaunchShape): string[];
  notes(shape: LaunchShape): LaunchNote[];
}
