import type { VramV2 } from "../../schema/fitted-models.js";
import type { VramBreakdown } from "../engines/engine.js";
import type { ServingPolicy } from "../engines/serving-policy.js";
import type { ModelSpec, QuantLevel } from "../catalog/types.js";
import { GB, GIB, kvCacheGib, residentWeightsGb, type KvDtype } from "../model/weights.js";
import type { Drafter } from "../model/draft-head.js";
import { kvShare, weightShare, type Parallelism } from "./parallel.js";

/** How a replica's GPUs hold a configuration, each figure per GPU in GiB. */
export interface ReplicaMemory {
  /** One sequence of the whole context: what must fit for the configuration to run at all. */
  needed: VramBreakdown;
  /** What may be used of each GPU: the GPU's memory, or the share the backend takes. */
  limitGib: number;
  /** What the backend takes up front whatever the load (its KV pool included); undefined: it grows with the sequences. */
  allocated?: VramBreakdown | undefined;
  /** KV cache of one whole context, per GPU: what each further slot adds where memory grows with sequences. */
  kvPerSequenceGib: number;
  /** Tokens of KV cache the replica holds (0 when not even one context fits). */
  kvCapacityTokens: number;
}

/** What the memory is worked out for. */
export interface MemorySubject {
  model: ModelSpec;
  quant: QuantLevel;
  parallelism: Parallelism;
  kvDtype?: KvDtype | undefined;
  contextLength: number;
  /** GiB a model may use of each GPU (Apple wires only part of unified memory). */
  gpuGib: number;
  /** A speculative drafter the replica also holds: its weights, and its own KV cache beside the target's for every token. */
  draft?: Drafter | undefined;
}

/** A breakdown whose parts sum to its total. */
function breakdown(weightsGb: number, kvCacheGb: number, activationsGb: number, overheadGb: number): VramBreakdown {
  return { weightsGb, kvCacheGb, activationsGb, overheadGb, totalGb: weightsGb + kvCacheGb + activationsGb + overheadGb };
}

/**
 * A replica's memory under its backend's policy, per GPU, in GiB. Weights are the model's at the format's
 * bits, sharded over the GPUs. A batching engine that takes a share of the GPU (vLLM's
 * gpu_memory_utilization, SGLang's mem_fraction_static: "total") or of what the weights leave
 * (TensorRT-LLM, TGI: "free") gives what remains after its reserves to a paged KV cache, and runs only if
 * one whole context fits in it. llama.cpp and Ollama ("needed") take the weights, the runtime's own
 * (the vram_v2 fit: an intercept and activations growing with the context) and a whole context per slot.
 */
export function replicaMemory(subject: MemorySubject, policy: ServingPolicy, vram: VramV2): ReplicaMemory {
  const { model, quant, parallelism: p, contextLength, gpuGib } = subject;
  const draft = subject.draft;
  // A drafter's weights sit beside the target's, sharded alike, and it caches its own KV for every token the target does.
  const weights = (((residentWeightsGb(model, quant) + (draft?.residentGb ?? 0)) * GB) / GIB) * weightShare(p);
  const kvOf = (m: ModelSpec) => (kvCacheGib(m, contextLength, 1, subject.kvDtype) * kvShare(m, p)) / contextLength;
  const kvPerToken = kvOf(model) + (draft ? kvOf(draft.model) : 0);
  const kvPerSequence = kvPerToken * contextLength;
  if (policy.memory === "needed") {
    const activations = (vram.activation_bytes_per_token_hidden * contextLength * model.hidden_size) / GIB;
    const overhead = weights * (vram.overhead_factor - 1) + vram.intercept_gib;
    const room = gpuGib - weights - activations - overhead;
    return {
      needed: breakdown(weights, kvPerSequence, activations, overhead),
      limitGib: gpuGib,
      kvPerSequenceGib: kvPerSequence,
      kvCapacityTokens: Math.max(0, room / kvPerToken),
    };
  }
  const reserve = policy.reserveGib;
  const pool = policy.memory === "total" ? policy.fraction * gpuGib - weights - reserve : policy.fraction * (gpuGib - weights - reserve);
  // What the backend takes; it runs when the weights, its reserves and one whole context fit in it. When
  // they do not, what it may take is its share of the GPU (vLLM, SGLang) or the GPU (TensorRT-LLM, TGI).
  const taken = weights + reserve + Math.max(0, pool);
  const share = policy.memory === "total" ? policy.fraction * gpuGib : gpuGib;
  return {
    needed: breakdown(weights, kvPerSequence, reserve, 0),
    limitGib: pool >= 0 ? taken : share,
    allocated: breakdown(weights, Math.max(0, pool), reserve, 0),
    kvPerSequenceGib: 0,
    kvCapacityTokens: Math.max(0, pool / kvPerToken),
  };
}

/** What a KV cache of `capacityTokens` holds sequences of: each sequence's own tokens, and a prefix they all share. */
export interface KvHolding {
  capacityTokens: number;
  /** Tokens each sequence holds on average (its prompt and half its output, or a reserved slot's whole context). */
  perSequenceTokens: number;
  /** Tokens of a prefix every sequence shares, held once (prefix caching over a paged cache); 0: none. */
  sharedTokens: number;
}

/**
 * How many sequences a KV cache holds: a shared prefix's blocks are held once and referenced by every
 * sequence (vLLM's automatic prefix caching, SGLang's radix tree, TensorRT-LLM's block reuse), so only
 * each sequence's own tokens count against the rest.
 */
export function sequencesHeld(h: KvHolding): number {
  const shared = Math.min(h.sharedTokens, h.perSequenceTokens);
  return Math.max(0, h.capacityTokens - shared) / Math.max(1, h.perSequenceTokens - shared);
}
