import type { BackendFacts, Gpu, ModelSpec, SchedulerKnob } from "../catalog/types.js";

/**
 * How a backend takes GPU memory and schedules a replica, by its own defaults (data/engines.json): what
 * the planner assumes a deployment runs with unless told otherwise, and what its launch command sets.
 */
export interface ServingPolicy {
  /**
   * How the KV cache is sized: "total" — a share of total memory holds weights, reserves and KV (vLLM's
   * gpu_memory_utilization, SGLang's mem_fraction_static); "free" — a share of what the weights and
   * reserves leave (TensorRT-LLM's free_gpu_memory_fraction, TGI's wiggle room); "needed" — exactly the
   * weights, buffers and each slot's whole context (llama.cpp's and Ollama's slots).
   */
  memory: "total" | "free" | "needed";
  /** The share for "total" and "free". */
  fraction: number;
  /** GiB per GPU held back beyond the weights: activations of the largest step, CUDA graphs, the runtime. */
  reserveGib: number;
  kvAllocation: "paged" | "reserved";
  /** The most sequences it runs at once by default (SGLang: from its KV pool, see maxSequencesFor). */
  maxSequences: number;
  /** Prompt tokens a step may carry. */
  chunkTokens: number;
}

/** A scheduler knob's default on a GPU: the first tier its memory (and name) matches, else the default. */
function knobValue(knob: SchedulerKnob, gpu: Pick<Gpu, "memory_gb" | "name">): number | undefined {
  for (const tier of knob.tiers ?? []) {
    if (tier.min_memory_gib !== undefined && gpu.memory_gb < tier.min_memory_gib) continue;
    if (tier.below_memory_gib !== undefined && gpu.memory_gb >= tier.below_memory_gib) continue;
    if (tier.except_gpus?.some((name) => gpu.name.toLowerCase().includes(name.toLowerCase()))) continue;
    return tier.value;
  }
  return knob.default ?? undefined;
}

/**
 * vLLM's activation peak for a budget of `tokens` tokens: its logits in FP32 and the activations beside
 * them. The peaks measured at the H100 defaults (8,192-token budget, engines.json's vLLM reserves: 4.76
 * to 7.38 GiB) grow with the vocabulary, about 3.7e-5 GiB per entry: the budget's FP32 logits, × 1.2.
 */
function logitsPeakGib(model: Pick<ModelSpec, "vocab_size" | "hidden_size">, tokens: number): number {
  const vocab = model.vocab_size > 0 ? model.vocab_size : 32 * model.hidden_size;
  return (1.2 * tokens * vocab * 4) / 1024 ** 3;
}

/** The mean of a measured reserve over the runs engines.json gives (non-torch memory, CUDA graphs), GiB, at least 0. */
function measuredGib(facts: BackendFacts, part: string): number {
  const runs = Object.values(facts.memory.reserves.find((r) => r.measured_gib)?.measured_gib ?? {});
  const values = runs.map((run) => run[part]).filter((v): v is number => v !== undefined);
  return values.length === 0 ? 0 : Math.max(0, values.reduce((a, b) => a + b, 0) / values.length);
}

/** What a "free" backend keeps of its fraction for CUDA graphs: each captured graph's most, over the graph batch sizes it captures. */
function graphsGib(facts: BackendFacts): number {
  const graphs = facts.memory.reserves.find((r) => r.kind === "cuda_graphs");
  if (!graphs?.gib_per_graph_max) return 0;
  const sizes = graphs.graph_batch_sizes?.length ?? Math.log2(graphs.default_max_batch ?? 1) + 1;
  return graphs.gib_per_graph_max * sizes;
}

/** Policies worked out, by backend, then GPU, model and GPUs per replica: a search asks for the same few many times. */
const policies = new WeakMap<BackendFacts, Map<string, ServingPolicy>>();

/** A replica's policy under `facts` on replicas of `gpus` × `gpu` (see policyOf), remembered. */
export function servingPolicy(facts: BackendFacts, gpu: Pick<Gpu, "memory_gb" | "name">, model: Pick<ModelSpec, "vocab_size" | "hidden_size">, gpus: number): ServingPolicy {
  let byBackend = policies.get(facts);
  if (!byBackend) policies.set(facts, (byBackend = new Map()));
  const key = `${gpu.name}|${gpu.memory_gb}|${model.vocab_size}|${model.hidden_size}|${gpus}`;
  let found = byBackend.get(key);
  if (!found) byBackend.set(key, (found = policyOf(facts, gpu, model, gpus)));
  return found;
}

/** A replica's policy under `facts` on replicas of `gpus` × `gpu`. */
function policyOf(facts: BackendFacts, gpu: Pick<Gpu, "memory_gb" | "name">, model: Pick<ModelSpec, "vocab_size" | "hidden_size">, gpus: number): ServingPolicy {
  const chunk = knobValue(facts.scheduler.batched_tokens, gpu) ?? 2048;
  const maxSequences = knobValue(facts.scheduler.max_sequences, gpu);
  const fraction = facts.memory.fraction;
  if (fraction === null) {
    // llama.cpp and Ollama: slots of a whole context each, in the memory the weights leave.
    return { memory: "needed", fraction: 1, reserveGib: 0, kvAllocation: "reserved", maxSequences: maxSequences ?? 1, chunkTokens: chunk };
  }
  const paged = { kvAllocation: "paged" as const, maxSequences: maxSequences ?? Infinity, chunkTokens: chunk };
  if (fraction.of === "free_after_weights") {
    return { ...paged, memory: "free", fraction: fraction.default ?? 1, reserveGib: graphsGib(facts) };
  }
  if (fraction.kv_share_of_free !== undefined) {
    // TGI: its fraction of the card, of which what the weights and a warm-up leave goes to KV blocks at this share.
    return { ...paged, memory: "free", fraction: fraction.kv_share_of_free * (fraction.default ?? 1), reserveGib: graphsGib(facts) };
  }
  const rule = facts.memory.static_reserve;
  if (fraction.default === null && rule) {
    // SGLang: mem_fraction_static = (memory − reserved) / memory, the reserve by its rule.
    const tier = rule.tiers.find((t) => t.below_memory_gib === undefined || gpu.memory_gb < t.below_memory_gib) ?? rule.tiers[rule.tiers.length - 1]!;
    const graphBatch = gpus >= 4 ? tier.decode_graph_max_batch_tp4 : tier.decode_graph_max_batch;
    let reserved = rule.base_gib + rule.gib_per_activation_token * Math.max(tier.chunked_prefill_size, rule.min_activation_tokens) + rule.gib_per_tp_pp * gpus + rule.gib_per_decode_graph_batch * graphBatch;
    if (gpu.memory_gb > rule.floor_above_memory_gib) reserved = Math.max(reserved, rule.floor_gib);
    return { ...paged, memory: "total", fraction: Math.max(0, (gpu.memory_gb - reserved) / gpu.memory_gb), reserveGib: 0, chunkTokens: tier.chunked_prefill_size };
  }
  // vLLM: its share of the card holds the weights, the step's activation peak, non-torch memory and CUDA graphs, and the KV cache.
  const reserve = measuredGib(facts, "non_torch") + measuredGib(facts, "cudagraph") + logitsPeakGib(model, chunk) / gpus;
  return { ...paged, memory: "total", fraction: fraction.default ?? 1, reserveGib: reserve };
}

/**
 * The running-request cap of a backend that derives it from its KV pool (SGLang: min(clamp(tokens /
 * context × 512, 2048, 4096), tokens / 2)); the policy's cap otherwise.
 */
export function maxSequencesFor(facts: BackendFacts, policy: ServingPolicy, kvTokens: number, contextLength: number): number {
  const formula = facts.scheduler.max_sequences.formula;
  if (!formula || Number.isFinite(policy.maxSequences)) return policy.maxSequences;
  const estimated = Math.min(formula.max_requests, Math.max(formula.min_requests, Math.floor((kvTokens / contextLength) * formula.requests_per_context_fill)));
  return Math.max(1, Math.min(estimated, Math.floor(kvTokens / formula.kv_token_divisor)));
}
