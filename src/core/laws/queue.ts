/** The queueing state of a deployment under load. */
export interface LatencyPrediction {
  /** Seconds to generate one response. */
  serviceTimeS: number;
  /** Requests per second the deployment can complete. */
  capacity: number;
  /** Offered load / capacity. */
  utilisation: number;
  /** Mean queueing wait, seconds (Infinity when saturated). */
  waitS: number;
  /** p95 latency, milliseconds (Infinity when utilisation ≥ 1). */
  p95Ms: number;
}

/** The empirical tail factor of TR133 SS9.1: p95 = S + 3W. */
export const P95_TAIL_FACTOR = 3;

/**
 * TR133 model 6, M/D/1: a deployment that completes `capacity` requests per second, each taking
 * `serviceTimeS`, offered `requestRate` per second. W = ρ / (2C(1 − ρ)), p95 = S + 3W.
 */
export function predictLatency(serviceTimeS: number, capacity: number, requestRate: number): LatencyPrediction {
  const utilisation = requestRate / capacity;
  const waitS = utilisation < 1 ? utilisation / (2 * capacity * (1 - utilisation)) : Infinity;
  return { serviceTimeS, capacity, utilisation, waitS, p95Ms: p95Ms(serviceTimeS, capacity, requestRate) };
}

/** The p95 of `predictLatency` alone, without building the prediction (the search's inner loop). */
function p95Ms(serviceTimeS: number, capacity: number, requestRate: number): number {
  const utilisation = requestRate / capacity;
  if (!(utilisation < 1)) return Infinity;
  const waitS = utilisation / (2 * capacity * (1 - utilisation));
  return (serviceTimeS + P95_TAIL_FACTOR * waitS) * 1000;
}

/** Below this utilisation fewer than 5% of requests wait at all, so the p95 wait is none. */
const WAITING_SHARE = 0.05;

/**
 * The p95 of an M/D/1 queue's wait: an arrival waits with probability ρ, and a wait's tail falls off
 * exponentially with the mean wait given it waits (W / ρ), so P(wait > t) ≈ ρ·e^(−tρ/W) and the p95 is
 * (W / ρ)·ln(ρ / 5%): none below 5% utilisation, and 3.0 W at full load, TR133's factor.
 */
export function p95WaitS(capacity: number, requestRate: number): number {
  const utilisation = requestRate / capacity;
  if (!(utilisation < 1)) return Infinity;
  if (utilisation <= WAITING_SHARE) return 0;
  const meanWait = utilisation / (2 * capacity * (1 - utilisation));
  return (meanWait / utilisation) * Math.log(utilisation / WAITING_SHARE);
}
