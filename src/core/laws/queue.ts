/** The queueing state of a deployment under load. */
export interface QueueState {
  /** Seconds to generate one response. */
  serviceTimeS: number;
  /** Requests per second the deployment can complete. */
  capacityRps: number;
  /** Offered load / capacity. */
  utilisation: number;
  /** Mean queueing wait, seconds (Infinity when saturated). */
  waitS: number;
}

/** Percentiles the laws report: the median, and the tails serving benchmarks report. */
export const PERCENTILES = [50, 90, 95, 99] as const;
export type Percentile = (typeof PERCENTILES)[number];

/** Milliseconds at each percentile. */
export type Quantiles = Record<`p${Percentile}`, number>;

/** The latencies a request sees: to its first token, per output token after it, between tokens, and to its last. */
export const LATENCY_METRICS = ["ttft", "tpot", "itl", "e2e"] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

/** A queueing state with the latencies it leads to. */
export interface LatencyPrediction extends QueueState {
  /**
   * Milliseconds of each latency at the percentiles these laws give (Infinity when saturated): every
   * reported one by the physics' analytic model, p95 alone by the reference's.
   */
  ms: Record<LatencyMetric, Partial<Quantiles>>;
}

/** A latency at a percentile; Infinity when the laws do not give it (the reference beyond p95). */
export function latencyAt(latency: Pick<LatencyPrediction, "ms">, metric: LatencyMetric, percentile: Percentile): number {
  return latency.ms[metric][`p${percentile}`] ?? Infinity;
}

/** What a deployment's latencies are held to: each SLO (ms; undefined: none) at one percentile. */
export interface LatencyLimits {
  percentile: Percentile;
  latencySloMs: number;
  ttftSloMs?: number | undefined;
  tpotSloMs?: number | undefined;
}

/** The latency gates in the order they are applied, with the limit each sets. */
const LATENCY_GATES = [
  ["latency", "e2e", (l: LatencyLimits) => l.latencySloMs],
  ["ttft", "ttft", (l: LatencyLimits) => l.ttftSloMs],
  ["tpot", "tpot", (l: LatencyLimits) => l.tpotSloMs],
] as const;

/** A latency gate a deployment misses: the gate, the latency at the percentile, and the limit. */
export interface LatencyMiss {
  gate: "latency" | "ttft" | "tpot";
  value: number;
  limit: number;
}

/** Every latency gate a deployment misses, in the order the gates apply. */
export function latencyMisses(latency: Pick<LatencyPrediction, "ms">, limits: LatencyLimits): LatencyMiss[] {
  const misses: LatencyMiss[] = [];
  for (const [gate, metric, limitOf] of LATENCY_GATES) {
    const limit = limitOf(limits);
    if (limit === undefined) continue;
    const value = latencyAt(latency, metric, limits.percentile);
    if (!(value <= limit)) misses.push({ gate, value, limit });
  }
  return misses;
}

/** The first latency gate a deployment misses; undefined when it meets them all. */
export function latencyMiss(latency: Pick<LatencyPrediction, "ms">, limits: LatencyLimits): LatencyMiss | undefined {
  return latencyMisses(latency, limits)[0];
}

/** The empirical tail factor of TR133 SS9.1: p95 = S + 3W. */
const P95_TAIL_FACTOR = 3;

/**
 * TR133 model 6, M/D/1: a deployment that completes `capacityRps` requests per second, each taking
 * `serviceTimeS`, offered `requestRate` per second: W = ρ / (2C(1 − ρ)).
 */
export function queueState(serviceTimeS: number, capacityRps: number, requestRate: number): QueueState {
  const utilisation = requestRate / capacityRps;
  const waitS = utilisation < 1 ? utilisation / (2 * capacityRps * (1 - utilisation)) : Infinity;
  return { serviceTimeS, capacityRps, utilisation, waitS };
}

/**
 * The reference's latencies (TR133 SS9.1): the p95 wait added to the service time, and alone as the time
 * to the first token (its requests have no prompt); a token every 1/speed seconds.
 */
export function referenceLatency(state: QueueState, p95WaitS: number, tpotS: number): LatencyPrediction {
  const p95 = (x: number) => ({ p95: x });
  return {
    ...state,
    ms: { e2e: p95((state.serviceTimeS + p95WaitS) * 1000), ttft: p95(p95WaitS * 1000), tpot: p95(tpotS * 1000), itl: p95(tpotS * 1000) },
  };
}

/** TR133's p95 wait: 3W (Infinity when saturated). */
export function referenceP95WaitS(capacityRps: number, requestRate: number): number {
  const utilisation = requestRate / capacityRps;
  if (!(utilisation < 1)) return Infinity;
  return P95_TAIL_FACTOR * (utilisation / (2 * capacityRps * (1 - utilisation)));
}
