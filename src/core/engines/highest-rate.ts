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

/** Whether `sizing` meets every latency SLO of the scenario at `rate`. */
function meetsAt(sizing: Sizing, rate: number, scenario: Scenario, latencyAt: LatencyAtRate): boolean {
  return latencyMiss(latencyAt(sizing, rate), scenario) === undefined;
}

/**
 * Where `sizing` stops meeting the latency SLOs of the scenario: latencies only rise with the rate, so
 * bisection finds it, to twelve significant digits.
 */
export function rateBoundary(sizing: Sizing, scenario: Scenario, latencyAt: LatencyAtRate): RateBoundary {
  const meets = (rate: number) => meetsAt(sizing, rate, scenario, latencyAt);
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
 * counts only for rates the one before it cannot carry. `above`: only a rate above it counts (0 if none).
 */
export function highestRateOver(
  deployments: readonly Sizing[],
  scenario: Scenario,
  latencyAt: LatencyAtRate,
  options: { fewestCarrying?: boolean; above?: number | undefined } = {},
): number {
  let best = 0;
  const above = options.above ?? 0;
  const perGpu = monthlyCost(scenario.gpu.usd_per_hour);
  deployments.forEach((sizing, i) => {
    if (perGpu * sizing.gpusBilled > scenario.budgetUsdPerMonth) return;
    const before = options.fewestCarrying && i > 0 ? deployments[i - 1]!.capacityRps : 0;
    // Latencies only rise with the rate: a deployment that misses its SLOs at the rate it must beat has
    // its highest below it, and the bisection (60 latencies) is spared.
    const bar = Math.max(best, before, above);
    if (bar > 0 && !meetsAt(sizing, bar, scenario, latencyAt)) return;
    const top = rateBoundary(sizing, scenario, latencyAt).rate;
    if (top > before && top > best && top > above) best = top;
  });
  return best;
}
