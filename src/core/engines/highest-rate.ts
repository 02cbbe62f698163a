import type { Scenario } from "../catalog/types.js";
import { monthlyCost } from "../laws/cost.js";
import { latencyMiss, type LatencyPrediction } from "../laws/queue.js";
import type { Sizing } from "../laws/sizing.js";

/** A deployment's latencies at a request rate: an engine's queueing law. */
export type LatencyAtRate = (sizing: Sizing, requestRate: number) => LatencyPrediction;

/** Where a deployment stops meeting its SLOs: the highest rate that meets them, and the lowest found to miss them. */
export interface RateBoundary {
  /** Requests per second: the highest that meets every latency SLO (0 when even no load misses them). */
  rate: number;
  /** The lowest rate found to miss them (within a hair of `rate`), or the deployment's capacity if none below it did. */
  above: number;
}

/**
 * Where `sizing` stops meeting the latency SLOs of the scenario: latencies only rise with the rate, so
 * bisection finds it, to twelve significant digits.
 */
export function rateBoundary(sizing: Sizing, scenario: Scenario, latencyAt: LatencyAtRate): RateBoundary {
  const meets = (rate: number) => latencyMiss(latencyAt(sizing, rate), scenario) === undefined;
  if (!meets(0)) return { rate: 0, above: 0 };
  let low = 0;
  let high = sizing.capacityRps;
  for (let i = 0; i < 60 && high - low > 1e-12 * high; i++) {
    const mid = (low + high) / 2;
    if (meets(mid)) low = mid;
    else high = mid;
  }
  return { rate: low, above: high };
}

/**
 * The highest request rate at which one of `deployments` within the scenario's budget meets its SLOs.
 * `fewestCarrying`: the laws deploy the fewest GPUs that carry the load (the reference), so a deployment
 * counts only for rates the one before it cannot carry.
 */
export function highestRateOver(deployments: readonly Sizing[], scenario: Scenario, latencyAt: LatencyAtRate, options: { fewestCarrying?: boolean } = {}): number {
  let best = 0;
  const perGpu = monthlyCost(scenario.gpu.usd_per_hour);
  deployments.forEach((sizing, i) => {
    if (perGpu * sizing.gpusBilled > scenario.budgetUsdPerMonth) return;
    const before = options.fewestCarrying && i > 0 ? deployments[i - 1]!.capacityRps : 0;
    const top = rateBoundary(sizing, scenario, latencyAt).rate;
    if (top > before && top > best) best = top;
  });
  return best;
}
