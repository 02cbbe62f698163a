import type { StepV1, VramV2 } from "../../schema/fitted-models.js";
import type { BackendFacts, BackendSpec, Gpu, ModelSpec, QuantLevel } from "../catalog/types.js";
import type { KvDtype } from "../kinds.js";
import type { Parallelism } from "../laws/parallel.js";
import { meanContext, type Replica } from "../laws/replica.js";
import { replicaMemory, type ReplicaMemory } from "../laws/replica-memory.js";
import { stepCoefficients } from "../laws/step-coefficients.js";
import { stepCosts, type StepCoefficients } from "../laws/step-costs.js";
import { tokensPerStep, type StepCosts } from "../laws/step.js";
import type { Drafter } from "../model/draft-head.js";
import { maxSequencesFor, servingPolicy, type ServingPolicy } from "./serving-policy.js";

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
  /** The backend's facts (data/engines.json): its memory policy and scheduler defaults. */
  facts: BackendFacts;
  gpu: Pick<Gpu, "name" | "platform" | "segment" | "memory_gb" | "vram_gb" | "bandwidth_gbps" | "interconnect" | "fp16_tflops" | "fp16_acc_tflops" | "fp8" | "fp8Tflops" | "fp4Tflops">;
  parallelism: Parallelism;
  kvDtype?: KvDtype | undefined;
  promptTokens: number;
  /** Tokens a request generates: its output and any hidden reasoning tokens. */
  outputTokens: number;
  /** Prompt tokens the prefix cache serves per request, and a prefix whose KV is held once for all sequences (default 0: none). */
  cachedPromptTokens?: number | undefined;
  sharedPrefixTokens?: number | undefined;
  /** The context each sequence is served with. */
  contextLength: number;
  /** The most sequences it runs at once, where set (a benchmark's); else the backend's default. */
  maxSequences?: number | undefined;
  /** Speculative decoding: its drafter, the tokens it drafts per step (k) and their acceptance rate (α). */
  speculation?: { drafter: Drafter; draftSteps: number; acceptance: number } | undefined;
}

/** A replica with what it rests on: its memory, and the step's coefficients. */
export interface ServingReplica {
  replica: Replica;
  memory: ReplicaMemory;
  coefficients: StepCoefficients & { pairKey: string; pair: StepV1["pairs"][string] };
}

/** What a replica's memory and scheduler come to: they rest on the backend's facts and the VRAM fit, not on the step's coefficients. */
export interface ReplicaFrame {
  policy: ServingPolicy;
  memory: ReplicaMemory;
  maxSequences: number;
}

/** A replica's memory under its backend's policy, and the sequences its scheduler runs at once. */
export function replicaFrame(subject: ReplicaSubject, vram: VramV2): ReplicaFrame {
  const { model, quant, gpu, parallelism } = subject;
  const policy = servingPolicy(subject.facts, gpu, model, parallelism.gpusPerReplica);
  const memory = replicaMemory(
    { model, quant, parallelism, kvDtype: subject.kvDtype, contextLength: subject.contextLength, gpuGib: gpu.vram_gb, draft: subject.speculation?.drafter },
    policy,
    vram,
  );
  const maxSequences =
    subject.maxSequences ?? (policy.kvAllocation === "reserved" ? MAX_SLOTS : maxSequencesFor(subject.facts, policy, memory.kvCapacityTokens, subject.contextLength));
  return { policy, memory, maxSequences };
}

/**
 * One replica of a configuration as its backend runs it: the engine step from the fitted pair on this
 * GPU (step_v1), the backend's memory policy and scheduler defaults, and the KV cache those leave (its
 * frame, worked out here unless given).
 */
export function servingReplica(subject: ReplicaSubject, section: StepV1, vram: VramV2, frame = replicaFrame(subject, vram)): ServingReplica {
  const { model, quant, backend, gpu, parallelism } = subject;
  const { policy, memory } = frame;
  const coefficients = stepCoefficients(section, { backend: backend.name, accumulate: backend.accumulate, gpu, quant });
  const target = stepCosts({ model, quant, gpu, parallelism, kvDtype: subject.kvDtype, contextTokens: meanContext(subject) }, coefficients);
  const spec = subject.speculation;
  const step: StepCosts = spec
    ? {
        ...target,
        speculation: {
          draftSteps: spec.draftSteps,
          tokensPerStep: tokensPerStep(spec.draftSteps, spec.acceptance),
          // The drafter runs inside the target's engine step: its kernels and memory reads are its own, the host work is the step's.
          draft: { ...stepCosts({ model: spec.drafter.model, quant, gpu, parallelism, kvDtype: subject.kvDtype, contextTokens: meanContext(subject) }, coefficients), hostS: 0, perSequenceS: 0 },
        },
      }
    : target;
  const replica: Replica = {
    step,
    promptTokens: subject.promptTokens,
    outputTokens: subject.outputTokens,
    cachedPromptTokens: subject.cachedPromptTokens ?? 0,
    sharedPrefixTokens: subject.sharedPrefixTokens ?? 0,
    chunkTokens: policy.chunkTokens,
    firstTokenFixedS: coefficients.pair.first_token_ms / 1000,
    maxSequences: frame.maxSequences,
    kvCapacityTokens: memory.kvCapacityTokens,
    kvAllocation: policy.kvAllocation,
    contextLength: subject.contextLength,
  };
  return { replica, memory, coefficients };
}
