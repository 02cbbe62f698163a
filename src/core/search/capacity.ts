import type { Scenario } from "../catalog/types.js";
import type { ConfigPredictions, Engine } from "../engines/engine.js";
import { rateBoundary } from "../engines/highest-rate.js";
import { latencyMiss, latencyMisses, type LatencyMiss } from "../laws/queue.js";
import { concurrencyLimit } from "../laws/replica.js";
import type { Sizing } from "../laws/sizing.js";

/**
 * What stops a deployment from carrying more: a latency SLO (end to end, first token, per output token),
 * its throughput (it saturates before any SLO), its KV cache (it saturates at the sequences its cache
 * holds), or, before any load, its memory or the model's context window (it cannot run at all).
 */
export type CapacityBinding = "latency" | "ttft" | "tpot" | "capacity" | "kv_cache" | "memory" | "context";

/** The most one deployment carries within its SLOs, and what binds there. */
export interface DeploymentCapacity {
  /** Requests per second: the highest at which every latency SLO holds (0: none holds even for a request alone). */
  requestRate: number;
  binding: CapacityBinding;
  /** Whether the binding constraint fails with no load at all, for one request alone on an idle deployment. */
  alone: boolean;
  /** Requests per second the deployment completes at full load. */
  saturationRps: number;
}

/**
 * A rate this close to what the deployment completes at full load is set by its throughput: the queue
 * grows without bound there whatever the SLO, so the deployment saturates before an SLO binds.
 */
const SATURATED_SHARE = 0.99;

/** The miss furthest beyond its limit: the SLO that binds hardest. */
function worst(misses: readonly LatencyMiss[]): LatencyMiss | undefined {
  let found: LatencyMiss | undefined;
  for (const miss of misses) if (!found || miss.value / miss.limit > found.value / found.limit) found = miss;
  return found;
}

/**
 * Whether the deployment's sequences are capped by its KV cache: it runs as many as the cache holds,
 * fewer than its backend would run (the physics; the reference has no KV cache of its own).
 */
function kvBound(config: ConfigPredictions, sizing: Sizing): boolean {
  const r = config.replica;
  if (!r) return false;
  const limit = concurrencyLimit(r);
  return limit < r.maxSequences && sizing.concurrency >= limit;
}

/**
 * The highest request rate one deployment carries within every latency SLO of the scenario, by the
 * engine's own latency law (the same one plan and predict use), and the constraint that binds there.
 */
export function deploymentCapacity(engine: Engine, config: ConfigPredictions, sizing: Sizing, scenario: Scenario): DeploymentCapacity {
  const at = (s: Sizing, requestRate: number) => engine.latency(config, s, { ...scenario, requestRate, closedLoopUsers: undefined });
  const boundary = rateBoundary(sizing, scenario, at);
  const saturationRps = sizing.capacityRps;
  if (boundary.rate === 0) {
    // Missed with no load at all; else (a law that meets its SLOs at no load and at no rate above it) just above it.
    const idle = worst(latencyMisses(at(sizing, 0), scenario));
    const miss = idle ?? worst(latencyMisses(at(sizing, boundary.above), scenario));
    return { requestRate: 0, binding: miss?.gate ?? "capacity", alone: idle !== undefined, saturationRps };
  }
  if (boundary.rate >= SATURATED_SHARE * saturationRps) {
    return { requestRate: boundary.rate, binding: kvBound(config, sizing) ? "kv_cache" : "capacity", alone: false, saturationRps };
  }
  const miss = worst(latencyMisses(at(sizing, boundary.above), scenario));
  return { requestRate: boundary.rate, binding: miss?.gate ?? "capacity", alone: false, saturationRps };
}

/** The most users a closed loop may hold (the simulator's closed:<users> takes as many). */
const MAX_USERS = 100_000;

/**
 * The most users in a closed loop (each sending its next request when its last completes) that one
 * deployment serves within every latency SLO, by the engine's closed-loop law; 0 when one user alone
 * misses them, null when the laws have no closed loop (the reference). At most MAX_USERS.
 */
export function mostUsers(engine: Engine, config: ConfigPredictions, sizing: Sizing, scenario: Scenario): number | null {
  if (!engine.closedLoop) return null;
  const meets = (users: number) => latencyMiss(engine.latency(config, sizing, { ...scenario, closedLoopUsers: users }), scenario) === undefined;
  if (!meets(1)) return 0;
  // Latencies only rise with the users: double until they miss, then bisect.
  let low = 1;
  let high = 2;
  while (high <= MAX_USERS && meets(high)) {
    low = high;
    high *= 2;
  }
  if (high > MAX_USERS) {
    if (meets(MAX_USERS)) return MAX_USERS;
    high = MAX_USERS;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (meets(mid)) low = mid;
    else high = mid;
  }
  return low;
}

/** `x` rounded down to `digits` significant digits: a rate that still meets what `x` meets. */
export function floorSignificant(x: number, digits: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.max(0, x);
  const step = 10 ** (Math.floor(Math.log10(x)) - digits + 1);
  let floored = Number((Math.floor(x / step) * step).toPrecision(digits));
  // The decimal nearest the product may lie a hair above x: one step down then.
  if (floored > x) floored = Number((floored - step).toPrecision(digits));
  return floored;
}
