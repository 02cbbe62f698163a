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
  capacity: number;
  /** Dollars per hour the cost-per-token figure divides by tokens per second. */
  hourlyCostForTokens: number;
  /** Sequences whose KV cache each GPU holds. */
  kvSequences: number;
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
  avgTokens: number,
  costPerHour: number,
): Sizing {
  const serviceTimeS = avgTokens / tokensPerSecond;
  return {
    replicas: n,
    concurrency: n,
    eta,
    totalTps: n * tokensPerSecond * eta,
    serviceTimeS,
    capacity: n * (1 / serviceTimeS) * eta,
    hourlyCostForTokens: costPerHour,
    kvSequences: 1,
  };
}

/**
 * Replicas apart from concurrency: `replicas` GPUs, each serving `concurrency` requests at once, each
 * request at η(concurrency) of its speed alone. Replicas scale linearly and every one is billed.
 */
export function servingSizing(
  replicas: number,
  concurrency: number,
  eta: number,
  tokensPerSecond: number,
  avgTokens: number,
  costPerHour: number,
): Sizing {
  const serviceTimeS = servingServiceTime(avgTokens, tokensPerSecond, eta);
  return {
    replicas,
    concurrency,
    eta,
    totalTps: servingTotalTps(replicas, concurrency, tokensPerSecond, eta),
    serviceTimeS,
    capacity: servingCapacity(replicas, concurrency, serviceTimeS),
    hourlyCostForTokens: costPerHour * replicas,
    kvSequences: concurrency,
  };
}

/** Seconds one request takes at per-request efficiency η. */
export function servingServiceTime(avgTokens: number, tokensPerSecond: number, eta: number): number {
  return avgTokens / (tokensPerSecond * eta);
}

/** Tokens per second of `replicas` GPUs with `concurrency` requests each. */
export function servingTotalTps(replicas: number, concurrency: number, tokensPerSecond: number, eta: number): number {
  return replicas * concurrency * tokensPerSecond * eta;
}

/** Requests per second `replicas` GPUs with `concurrency` requests each complete. */
export function servingCapacity(replicas: number, concurrency: number, serviceTimeS: number): number {
  return (replicas * concurrency) / serviceTimeS;
}
