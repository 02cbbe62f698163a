import { MAX_GPUS_BILLED } from "../limits.js";
import type { Scenario } from "../catalog/types.js";

/** The prompt of a request: as given, or the context less the output (a request that fills its context). */
export function promptTokens(request: Pick<Scenario, "promptTokens" | "contextLength" | "outputTokens">): number {
  return request.promptTokens ?? Math.max(0, request.contextLength - request.outputTokens);
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
export function workloadProblem(request: Pick<Scenario, "promptTokens" | "contextLength" | "outputTokens">): WorkloadProblem | undefined {
  const { contextLength, outputTokens } = request;
  if (outputTokens > contextLength) return { code: "output_exceeds_context", outputTokens: outputTokens, contextLength };
  if (request.promptTokens !== undefined && request.promptTokens + outputTokens > contextLength) {
    return { code: "prompt_and_output_exceed_context", promptTokens: request.promptTokens, outputTokens: outputTokens, contextLength };
  }
  return undefined;
}
