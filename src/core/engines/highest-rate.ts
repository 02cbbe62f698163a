import type { Scenario } from "../catalog/types.js";
import { monthlyCost } from "../laws/cost.js";
import type { Sizing } from "../laws/sizing.js";

/** A p95 queueing wait in seconds for a deployment completing `capacityRps`, offered `requestRate`: an engine's tail law. */
export type TailLaw = (capacityRps: number, requestRate: number) => number;

/**
 * The highest request rate at which `sizing` meets the latency SLO and (when asked) the first-token SLO:
 * the wait's tail only rises with the rate, so bisection finds it (0 when even no load misses them).
 */
function rateWithin(sizing: Sizing, scenario: Scenario, tail: TailLaw): number {
  const latencyS = scenario.latencySloMs / 1000 - sizing.serviceTimeS;
  const ttftS = (scenario.ttftSloMs ?? Infinity) / 1000 - sizing.prefillS;
  const slack = Math.min(latencyS, ttftS);
  if (slack < 0) return 0;
  const meets = (rate: number) => tail(sizing.capacityRps, rate) <= slack;
  let low = 0;
  let high = sizing.capacityRps;
  for (let i = 0; i < 60 && high - low > 1e-12 * high; i++) {
    const mid = (low + high) / 2;
    if (meets(mid)) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * The highest request rate at which one of `deployments` within the scenario's budget meets its SLOs.
 * `fewestCarrying`: the laws deploy the fewest GPUs that carry the load (the reference), so a deployment
 * counts only for rates the one before it cannot carry.
 */
export function highestRateOver(deployments: readonly Sizing[], scenario: Scenario, tail: TailLaw, options: { fewestCarrying?: boolean } = {}): number {
  let best = 0;
  const perGpu = monthlyCost(scenario.gpu.usd_per_hour);
  deployments.forEach((sizing, i) => {
    if (perGpu * sizing.gpusBilled > scenario.budgetUsdPerMonth) return;
    const before = options.fewestCarrying && i > 0 ? deployments[i - 1]!.capacityRps : 0;
    const top = rateWithin(sizing, scenario, tail);
    if (top > before && top > best) best = top;
  });
  return best;
}
