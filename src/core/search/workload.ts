import { MAX_GPUS_BILLED } from "../limits.js";
import type { BackendFacts, Scenario } from "../catalog/types.js";

/** The prompt of a request: as given, or the context less the output (a request that fills its context). */
export function promptTokens(request: Pick<Scenario, "promptTokens" | "contextLength" | "outputTokens" | "reasoningTokens">): number {
  return request.promptTokens ?? Math.max(0, request.contextLength - generatedTokens(request));
}

/** Tokens a request generates: its output and any hidden reasoning tokens before it (what decoding, KV and throughput count). */
export function generatedTokens(request: Pick<Scenario, "outputTokens" | "reasoningTokens">): number {
  return request.outputTokens + (request.reasoningTokens ?? 0);
}

/** The most GPUs a plan may bill. */
export function maxGpus(request: Pick<Scenario, "maxGpus">): number {
  return request.maxGpus ?? MAX_GPUS_BILLED;
}

/** Why a workload cannot run at all, whatever the model or GPU. */
export type WorkloadProblem =
  | { code: "output_exceeds_context"; outputTokens: number; contextLength: number }
  | { code: "prompt_and_output_exceed_context"; promptTokens: number; outputTokens: number; contextLength: number };

/**
 * A request whose tokens cannot fit the context it is served with: more output than context, or a prompt
 * and output together longer than it. The reference planned such requests; the physics refuses them.
 */
export function workloadProblem(request: Pick<Scenario, "promptTokens" | "contextLength" | "outputTokens" | "reasoningTokens">): WorkloadProblem | undefined {
  const { contextLength } = request;
  // Hidden reasoning tokens take context as the output does.
  const outputTokens = generatedTokens(request);
  if (outputTokens > contextLength) return { code: "output_exceeds_context", outputTokens: outputTokens, contextLength };
  if (request.promptTokens !== undefined && request.promptTokens + outputTokens > contextLength) {
    return { code: "prompt_and_output_exceed_context", promptTokens: request.promptTokens, outputTokens: outputTokens, contextLength };
  }
  return undefined;
}

/** What a backend's prefix cache does for a request: the prompt tokens it serves, and the shared prefix it holds once for all sequences. */
export interface PrefixCacheUse {
  cachedTokens: number;
  sharedTokens: number;
}

/**
 * The prompt tokens a backend's prefix cache serves per request: the hit rate's share of the prompt (by
 * default the shared prefix's share), never less than the shared prefix, which stays cached once the
 * first request has computed it. A backend without a prefix cache serves none; one that shares cached
 * blocks among sequences (a paged cache) holds the shared prefix's KV once, one that caches per slot does not.
 */
export function prefixCache(request: Pick<Scenario, "prefixCacheHitRate" | "sharedPrefixTokens">, facts: Pick<BackendFacts, "prefix_caching">, prompt: number): PrefixCacheUse {
  if (!facts.prefix_caching.supported || prompt <= 0) return { cachedTokens: 0, sharedTokens: 0 };
  const shared = Math.min(request.sharedPrefixTokens ?? 0, prompt);
  const rate = request.prefixCacheHitRate ?? shared / prompt;
  return { cachedTokens: Math.max(Math.round(rate * prompt), shared), sharedTokens: facts.prefix_caching.shares_prefix_kv ? shared : 0 };
}
