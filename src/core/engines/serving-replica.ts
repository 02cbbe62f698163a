import type { StepV1, VramV2 } from "../../schema/fitted-models.js";
import type { BackendSpec, Gpu, ModelSpec, QuantLevel } from "../catalog/types.js";
import type { KvDtype } from "../kinds.js";
import type { Parallelism } from "../laws/parallel.js";
import { meanContext, type Replica } from "../laws/replica.js";
import { replicaMemory, type ReplicaMemory } from "../laws/replica-memory.js";
import { stepCoefficients } from "../laws/step-coefficients.js";
import { stepCosts, type StepCoefficients } from "../laws/step-costs.js";
import { servingPolicy } from "./serving-policy.js";

/**
 * The most slots a plan gives llama.cpp or Ollama (-np, OLLAMA_NUM_PARALLEL): both take any number, each
 * slot holding a whole context; the search weighs up to this many, and the fitted per-sequence time
 * prices each.
 */
const MAX_SLOTS = 64;

/** What a replica is built for: a configuration, the GPU, how a replica spans it, and the requests it serves. */
export interface ReplicaSubject {
  model: ModelSpec;
  quant: QuantLevel;
  backend: Pick<BackendSpec, "name" | "accumulate">;
  gpu: Pick<Gpu, "name" | "platform" | "segment" | "memory_gb" | "vram_gb" | "bandwidth_gbps" | "interconnect" | "fp16_tflops" | "fp16_acc_tflops" | "fp8">;
  parallelism: Parallelism;
  kvDtype?: KvDtype | undefined;
  promptTokens: number;
  outputTokens: number;
  /** The context each sequence is served with. */
  contextLength: number;
  /** The most sequences it runs at once, where set (a benchmark's); else the backend's default. */
  maxSequences?: number | undefined;
}

/** A replica with what it rests on: its memory, and the step's coefficients. */
export interface ServingReplica {
  replica: Replica;
  memory: ReplicaMemory;
  coefficients: StepCoefficients & { pairKey: string; pair: StepV1["pairs"][string] };
}

/**
 * One replica of a configuration as its backend runs it: the engine step from the fitted pair on this
 * GPU (step_v1), the backend's memory policy and scheduler defaults, and the KV cache those leave.
 */
export function servingReplica(subject: ReplicaSubject, section: StepV1, vram: VramV2): ServingReplica {
  const { model, quant, backend, gpu, parallelism } = subject;
  const policy = servingPolicy(backend.name, gpu, model, parallelism.gpusPerReplica);
  const coefficients = stepCoefficients(section, { backend: backend.name, accumulate: backend.accumulate, gpu, quant });
  const step = stepCosts(
    { model, quant, gpu, parallelism, kvDtype: subject.kvDtype, contextTokens: meanContext(subject) },
    coefficients,
  );
  const memory = replicaMemory(
    { model, quant, parallelism, kvDtype: subject.kvDtype, contextLength: subject.contextLength, gpuGib: gpu.vram_gb },
    policy,
    vram,
  );
  const replica: Replica = {
    step,
    promptTokens: subject.promptTokens,
    outputTokens: subject.outputTokens,
    chunkTokens: policy.chunkTokens,
    firstTokenFixedS: coefficients.pair.first_token_ms / 1000,
    maxSequences: subject.maxSequences ?? (policy.kvAllocation === "reserved" ? MAX_SLOTS : policy.maxSequences),
    kvCapacityTokens: memory.kvCapacityTokens,
    kvAllocation: policy.kvAllocation,
    contextLength: subject.contextLength,
  };
  return { replica, memory, coefficients };
}
