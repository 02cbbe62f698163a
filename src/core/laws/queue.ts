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

/** A queueing state with its p95: the wait's tail by the engine's law, and the latency to the last token. */
export interface LatencyPrediction extends QueueState {
  /** p95 of the queueing wait, seconds (Infinity when saturated). */
  p95WaitS: number;
  /** p95 latency to the last token, milliseconds: the service time and the p95 wait (Infinity when saturated). */
  p95Ms: number;
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

/** A queueing state with a p95 wait of `p95WaitS`. */
export function withTail(state: QueueState, p95WaitS: number): LatencyPrediction {
  return { ...state, p95WaitS, p95Ms: (state.serviceTimeS + p95WaitS) * 1000 };
}

/** TR133's p95 wait: 3W (Infinity when saturated). */
export function referenceP95WaitS(capacityRps: number, requestRate: number): number {
  const utilisation = requestRate / capacityRps;
  if (!(utilisation < 1)) return Infinity;
  return P95_TAIL_FACTOR * (utilisation / (2 * capacityRps * (1 - utilisation)));
}

/** Below this utilisation fewer than 5% of requests wait at all, so the p95 wait is none. */
const WAITING_SHARE = 0.05;

/**
 * The p95 of an M/D/1 queue's wait: an arrival waits with probability ρ, and a wait's tail falls off
 * exponentially with the mean wait given it waits (W / ρ), so P(wait > t) ≈ ρ·e^(−tρ/W) and the p95 is
 * (W / ρ)·ln(ρ / 5%): none below 5% utilisation, and 3.0 W at full load, TR133's factor.
 */
export function p95WaitS(capacityRps: number, requestRate: number): number {
  const utilisation = requestRate / capacityRps;
  if (!(utilisation < 1)) return Infinity;
  if (utilisation <= WAITING_SHARE) return 0;
  const meanWait = utilisation / (2 * capacityRps * (1 - utilisation));
  return (meanWait / utilisation) * Math.log(utilisation / WAITING_SHARE);
}
