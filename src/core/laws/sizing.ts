/**
 * How a configuration is deployed and what that yields: GPUs billed, requests served concurrently per
 * GPU, the per-request efficiency, and the service time and capacity the latency model works from.
 */
export interface Sizing {
  /** GPUs billed (the JSON's `n_agents` and `replicas`). */
  replicas: number;
  /** Requests served at once on each GPU. */
  concurrency: number;
  /** Per-request efficiency against one request alone, η. */
  eta: number;
  /** Tokens per second of the whole deployment. */
  totalTps: number;
  /** Seconds to generate one response, as the latency model takes it. */
  serviceTimeS: number;
  /** Requests per second the deployment completes. */
  capacityRps: number;
  /** Dollars per hour the cost-per-token figure divides by tokens per second. */
  hourlyCostForTokens: number;
  /** Sequences whose KV cache each GPU holds. */
  kvSequences: number;
  /** GPUs one replica spans (tensor parallelism or a layer split); 1 for the reference. */
  gpusPerReplica: number;
  /** GPUs billed: replicas × GPUs per replica. */
  gpusBilled: number;
  /** Seconds a request's prompt takes before its first token on a free GPU (0 for the reference). */
  prefillS: number;
  /** Seconds per output token at this concurrency. */
  tpotS: number;
}

/**
 * The reference's N agents (TR133 SS9.1): η(N) degrades throughput as if N requests shared one GPU,
 * while the bill counts N GPUs. Service time is that of one request alone; cost per token divides one
 * GPU's hourly cost by the deployment's tokens. Kept as is so the TR133 coefficients replay the reference.
 */
export function referenceSizing(
  n: number,
  tokensPerSecond: number,
  eta: number,
  outputTokens: number,
  costPerHour: number,
): Sizing {
  const serviceTimeS = outputTokens / tokensPerSecond;
  return {
    replicas: n,
    concurrency: n,
    eta,
    totalTps: n * tokensPerSecond * eta,
    serviceTimeS,
    capacityRps: n * (1 / serviceTimeS) * eta,
    hourlyCostForTokens: costPerHour,
    kvSequences: 1,
    gpusPerReplica: 1,
    gpusBilled: n,
    prefillS: 0,
    tpotS: 1 / tokensPerSecond,
  };
}

/** The load a deployment's queueing sees: a request's prompt, and its output tokens at this concurrency. */
export interface ServingWork {
  /** Prefill seconds per request, on a free replica. */
  prefillS: number;
  /** Of those, the prompt's arithmetic, which no other request shares (prefill.ts). */
  prefillComputeS: number;
  /** Tokens per second of one request alone. */
  tokensPerSecond: number;
  /** Output tokens per request. */
  outputTokens: number;
  /** GPUs per replica. */
  gpusPerReplica: number;
}

/** A replica's seconds per request at `concurrency` (see servingSizing). */
export function replicaSeconds(work: Pick<ServingWork, "prefillS" | "prefillComputeS">, decodeS: number, concurrency: number): number {
  return work.prefillComputeS + (work.prefillS - work.prefillComputeS + decodeS) / concurrency;
}

/**
 * Replicas apart from concurrency: `replicas` replicas of `gpusPerReplica` GPUs each, every one serving
 * `concurrency` requests at once, each request's tokens at η(concurrency) of its speed alone. A request
 * takes its prefill, then its output tokens. A replica's time per request is its prompt's arithmetic
 * (which no other request shares), plus a 1/concurrency share of the rest of its prefill and of its
 * decode (which run beside the others'): prefill lowers the capacity the queue sees. Every GPU is billed.
 */
export function servingSizing(replicas: number, concurrency: number, eta: number, work: ServingWork, costPerHour: number): Sizing {
  const tpotS = 1 / (work.tokensPerSecond * eta);
  const decodeS = work.outputTokens * tpotS;
  const capacity = replicas / replicaSeconds(work, decodeS, concurrency);
  return {
    replicas,
    concurrency,
    eta,
    totalTps: capacity * work.outputTokens,
    serviceTimeS: work.prefillS + decodeS,
    capacityRps: capacity,
    hourlyCostForTokens: costPerHour * replicas * work.gpusPerReplica,
    kvSequences: concurrency,
    gpusPerReplica: work.gpusPerReplica,
    gpusBilled: replicas * work.gpusPerReplica,
    prefillS: work.prefillS,
    tpotS,
  };
}
