import type { BackendFacts, Catalog } from "../catalog/types.js";
import { KV_DTYPES, type KvDtype } from "../kinds.js";
import { own } from "../own.js";
import { ChimeraforgeError } from "../planner/errors.js";
import type { Candidate } from "../planner/results.js";
import { composeFile, type YamlValue } from "./compose-file.js";
import type { BackendLauncher, Launch, LaunchCommand, LaunchNote, LaunchOptions, LaunchScope, LaunchShape, ReplicaCommand, ReplicaSlot } from "./launch-types.js";
import { llamaCppLauncher } from "./llama-cpp-launcher.js";
import { ollamaLauncher } from "./ollama-launcher.js";
import { sglangLauncher } from "./sglang-launcher.js";
import { shellLine } from "./shell-line.js";
import { tensorrtLlmLauncher } from "./tensorrt-llm-launcher.js";
import { tgiLauncher } from "./tgi-launcher.js";
import { vllmLauncher } from "./vllm-launcher.js";

/** How each backend of backends.json is started. */
const LAUNCHERS = {
  vllm: vllmLauncher,
  sglang: sglangLauncher,
  tgi: tgiLauncher,
  "tensorrt-llm": tensorrtLlmLauncher,
  "llama.cpp": llamaCppLauncher,
  ollama: ollamaLauncher,
} as const satisfies Record<string, BackendLauncher>;

/** GPUs beyond which a deployment likely spans hosts: the 8 of a common GPU server (a reminder's threshold, not a limit). */
const GPUS_PER_HOST = 8;

/** The candidate's fields a launch reads: whole numbers of at least one. */
const COUNTS = ["replicas", "gpus_per_replica", "tensor_parallel", "concurrency"] as const;

/**
 * The commands that start a candidate of a plan or a prediction: one server per replica, each on its own
 * port (the backend's default plus the replica's index) and its own GPUs (the next `gpus_per_replica`
 * indices, given by the platform's visibility variable when the deployment has more than one GPU), with
 * the flags of the backend's documented version (data/engines.json) and values from the candidate and
 * its scope; with `compose`, a docker compose file with a service per replica. Pure.
 */
export function launch(catalog: Catalog, candidate: Candidate, options: LaunchOptions): Launch {
  const shape = shapeOf(catalog, candidate, options);
  const launcher = own<BackendLauncher>(LAUNCHERS, candidate.backend);
  if (!launcher) throw new ChimeraforgeError("not_served", { field: "backend", value: candidate.backend, detail: "has no launch command." });
  const basePort = options.basePort ?? shape.facts.default_port;
  if (!Number.isSafeInteger(basePort) || basePort < 1 || basePort + shape.replicas - 1 > 65_535) {
    throw new ChimeraforgeError("invalid_field", { field: "basePort", value: String(basePort), detail: `: expected a port from 1 to ${65_536 - shape.replicas} for ${shape.replicas} replicas` });
  }
  const slots: ReplicaSlot[] = Array.from({ length: shape.replicas }, (_, index) => ({
    index,
    port: basePort + index,
    gpus: Array.from({ length: shape.gpusPerReplica }, (_, g) => index * shape.gpusPerReplica + g),
  }));
  const visibility = visibilityVariable(catalog, shape);
  const commands = slots.flatMap((slot): LaunchCommand[] => {
    const seen: [string, string][] = visibility === undefined ? [] : [[visibility, slot.gpus.join(",")]];
    const server = launcher.server(shape, slot, "shell");
    const clients = launcher.clients?.(shape, slot, "shell") ?? [];
    return [
      command(slot, "server", { env: [...seen, ...server.env], argv: server.argv }),
      ...clients.map((c) => command(slot, "client", c)),
    ];
  });
  const result: Launch = {
    backend: candidate.backend,
    version: shape.facts.version,
    commands,
    files: launcher.files?.(shape) ?? [],
    notes: [
      ...launcher.notes(shape),
      ...(shape.replicas * shape.gpusPerReplica > GPUS_PER_HOST ? [{ code: "gpus_across_hosts" as const, gpus: shape.replicas * shape.gpusPerReplica }] : []),
      ...speculativeNotes(shape.facts, options.scope.speculative),
    ],
  };
  if (options.compose) addCompose(result, shape, launcher, slots);
  return result;
}

/**
 * Speculative decoding a plan counts is not in the commands (its draft checkpoint and settings are the
 * user's to choose): a note says so, with how the backend turns the method on (data/engines.json).
 */
function speculativeNotes(facts: BackendFacts, speculative: LaunchScope["speculative"]): LaunchNote[] {
  if (!speculative) return [];
  const how = facts.speculative.methods.find((m) => m.planner === speculative.method)?.how ?? null;
  return [{ code: "speculative_not_launched", method: speculative.method, draft_model: speculative.draft_model, how }];
}

/** A command as a launch lists it. */
function command(slot: ReplicaSlot, role: LaunchCommand["role"], replica: ReplicaCommand): LaunchCommand {
  return { replica: slot.index, role, gpus: slot.gpus, port: slot.port, env: Object.fromEntries(replica.env), argv: replica.argv, shell: shellLine(replica.env, replica.argv) };
}

/** The variable that gives a process its GPUs on the candidate's platform; none for one GPU, or Apple's. */
function visibilityVariable(catalog: Catalog, shape: LaunchShape): string | undefined {
  if (shape.replicas * shape.gpusPerReplica <= 1 || shape.platform === "apple") return undefined;
  return catalog.backendFacts.device_visibility[shape.platform === "amd" ? "amd" : "nvidia"].variable;
}

/** The candidate resolved against the catalog and its scope; a ChimeraforgeError for what cannot be launched. */
function shapeOf(catalog: Catalog, candidate: Candidate, options: LaunchOptions): LaunchShape {
  const facts = own(catalog.backendFacts.backends, candidate.backend);
  if (!facts) throw new ChimeraforgeError("unknown_name", { field: "backend", value: String(candidate.backend), detail: "is not a backend of data/engines.json." });
  for (const field of COUNTS) {
    const value = candidate[field];
    if (!Number.isSafeInteger(value) || value < 1) throw new ChimeraforgeError("invalid_field", { field, value: String(value), detail: ": expected a whole number of at least 1" });
  }
  const { scope } = options;
  const gpu = scope.hardware.find((h) => h.name === candidate.hardware);
  if (!gpu) throw new ChimeraforgeError("invalid_field", { field: "hardware", value: String(candidate.hardware), detail: "is not a GPU of the scope given." });
  const quant = catalog.quants.find((q) => q.name === candidate.quant);
  if (!quant) throw new ChimeraforgeError("unknown_name", { field: "quant", value: String(candidate.quant), detail: "is not a quant of quants.json." });
  if (!(KV_DTYPES as readonly string[]).includes(scope.kv_dtype)) {
    throw new ChimeraforgeError("invalid_field", { field: "kvDtype", value: String(scope.kv_dtype), detail: `: expected one of ${KV_DTYPES.join(", ")}` });
  }
  if (!Object.hasOwn(facts.kv_cache_dtypes.planner, scope.kv_dtype)) {
    throw new ChimeraforgeError("not_served", { field: "kvDtype", value: scope.kv_dtype, detail: `is not a KV cache type ${candidate.backend} stores.` });
  }
  const model = catalog.models.find((m) => m.name === candidate.model);
  const breakdown = candidate.vram_breakdown;
  return {
    facts,
    backend: candidate.backend,
    model: { name: candidate.model, hfId: model?.hfId, ollamaTag: model?.ollamaTag },
    quant: { name: quant.name, format: quant.format },
    replicas: candidate.replicas,
    gpusPerReplica: candidate.gpus_per_replica,
    tensorParallel: candidate.tensor_parallel,
    expertParallel: candidate.expert_parallel,
    split: candidate.split,
    concurrency: candidate.concurrency,
    contextTokens: Math.max(scope.context_length, scope.prompt_tokens + scope.output_tokens),
    kvDtype: scope.kv_dtype as KvDtype,
    platform: catalog.gpus.find((g) => g.name === candidate.hardware)?.platform ?? "any",
    memory: { gpuGb: gpu.memory_gb, vramGb: candidate.vram_gb, weightsGb: breakdown.weights_gb, kvCacheGb: breakdown.kv_cache_gb },
  };
}

/**
 * Adds the compose file: a service per replica running the backend's image with the container's command,
 * its port published on the replica's, the documented volumes, IPC and shared memory, and its GPUs
 * reserved by index (NVIDIA) or passed as devices with the visibility variable (AMD). Apple GPUs are not
 * passed to containers by any of the images' documented setups: no file, a note.
 */
function addCompose(result: Launch, shape: LaunchShape, launcher: BackendLauncher, slots: readonly ReplicaSlot[]): void {
  if (shape.platform === "apple") {
    result.notes.push({ code: "no_apple_compose" });
    return;
  }
  const { docker } = shape.facts;
  const amd = shape.platform === "amd";
  const notes: LaunchNote[] = amd && docker.image_amd === undefined ? [{ code: "no_amd_image", backend: shape.backend }] : [];
  const prefix = shape.backend.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
  const volumes = [...docker.volumes, ...(launcher.volumes?.(shape) ?? [])];
  const services: Record<string, YamlValue> = {};
  const after: string[] = ["docker compose up -d"];
  for (const slot of slots) {
    const name = `${prefix}-${slot.index}`;
    const server = launcher.server(shape, slot, "compose");
    const env: [string, string][] = [...(amd ? [["ROCR_VISIBLE_DEVICES", slot.gpus.join(",")] as [string, string]] : []), ...server.env];
    const argv = docker.entrypoint === "server" ? server.argv.slice(shape.facts.command.length) : server.argv;
    const service: Record<string, YamlValue> = { image: amd ? (docker.image_amd ?? docker.image) : docker.image };
    if (docker.entrypoint !== "serve") service.command = argv;
    if (env.length > 0) service.environment = Object.fromEntries(env);
    service.ports = [`${slot.port}:${docker.container_port}`];
    if (volumes.length > 0) service.volumes = volumes;
    if (docker.ipc_host) service.ipc = "host";
    if (docker.shm_size !== null) service.shm_size = docker.shm_size;
    if (docker.ulimits) service.ulimits = docker.ulimits;
    if (amd) service.devices = docker.devices_amd ?? ["/dev/kfd", "/dev/dri"];
    else service.deploy = { resources: { reservations: { devices: [{ driver: "nvidia", device_ids: slot.gpus.map(String), capabilities: ["gpu"] }] } } };
    services[name] = service;
    for (const client of launcher.clients?.(shape, slot, "compose") ?? []) after.push(shellLine([], ["docker", "compose", "exec", name, ...client.argv]));
  }
  const named = volumes.map((v) => v.split(":")[0]!).filter((source) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(source));
  const file: Record<string, YamlValue> = { services };
  if (named.length > 0) file.volumes = Object.fromEntries(named.map((v) => [v, {}]));
  result.compose = composeFile(file);
  result.compose_commands = after;
  result.notes.push(...notes);
}
