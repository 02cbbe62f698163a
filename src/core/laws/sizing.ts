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
