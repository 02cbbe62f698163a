import type { Scenario } from "../catalog/types.js";
import type { ConfigPredictions } from "../engines/engine.js";
import { latencyMisses, LATENCY_METRICS, PERCENTILES, type Quantiles } from "../laws/queue.js";
import type { Sizing } from "../laws/sizing.js";
import type { TraceRequest } from "../planner/requests.js";
import type { SimulatedFigures } from "../planner/results.js";
import { round } from "../round.js";
import { arrivalName, arrivalProcess, type ArrivalSpec } from "../simulate/arrival-spec.js";
import { simulateReplica, type ArrivalProcess } from "../simulate/simulate.js";

/** Requests one replica is simulated for by default: its p99 stands on the ten slowest. */
export const SIMULATED_REQUESTS = 1000;

/** How a deployment is simulated: its arrivals (or a trace), and the generator's seed. */
export interface SimulationSpec {
  arrival: ArrivalSpec;
  trace?: readonly TraceRequest[] | undefined;
  seed: number;
  /** Requests per replica (a trace runs its own). */
  requests: number;
}

/** One replica's share of the deployment's arrivals: replicas share load evenly. */
function perReplica(spec: SimulationSpec, scenario: Scenario, replicas: number): { process: ArrivalProcess; requests: number } {
  if (spec.trace) {
    // Every replicas-th request of the trace, in order of arrival.
    const sorted = [...spec.trace].sort((a, b) => a.arrivalS - b.arrivalS);
    const share = sorted.filter((_, i) => i % replicas === 0);
    return { process: { kind: "trace", requests: share }, requests: share.length };
  }
  const a = spec.arrival;
  if (a.kind === "closed") return { process: { kind: "closed", users: Math.max(1, Math.ceil(a.users / replicas)) }, requests: spec.requests };
  if (a.kind === "burst") {
    const size = Math.max(1, Math.ceil(a.size / replicas));
    return { process: { kind: "burst", size }, requests: size };
  }
  return { process: arrivalProcess(a, scenario.requestRate / replicas), requests: spec.requests };
}

/** Rounded milliseconds, null when not finite. */
function quantilesOf(q: Quantiles): Record<"p50" | "p90" | "p95" | "p99", number | null> {
  return Object.fromEntries(PERCENTILES.map((p) => [`p${p}`, Number.isFinite(q[`p${p}`]) ? round(q[`p${p}`], 2) : null])) as Record<"p50" | "p90" | "p95" | "p99", number | null>;
}

/**
 * A deployment run through the replica simulator (simulate.ts): one replica with its share of the
 * arrivals, its latencies at every percentile, its goodput against the scenario's SLOs, and the latency
 * gates those figures miss at the scenario's percentile. Deterministic for a seed.
 */
export function simulateDeployment(config: ConfigPredictions, sizing: Sizing, scenario: Scenario, spec: SimulationSpec): SimulatedFigures {
  if (!config.replica) throw new Error("only the physics simulates (a configuration with a replica)");
  const replica = { ...config.replica, maxSequences: Math.max(1, Math.min(config.replica.maxSequences, sizing.concurrency)) };
  const { process, requests } = perReplica(spec, scenario, sizing.replicas);
  const result = simulateReplica({
    replica,
    arrival: process,
    requests,
    seed: spec.seed,
    slo: { ttftMs: scenario.ttftSloMs, tpotMs: scenario.tpotSloMs, e2eMs: scenario.latencySloMs },
  });
  const ms = { ttft: result.ttftMs, tpot: result.tpotMs, itl: result.itlMs, e2e: result.e2eMs };
  // A queue that kept growing misses the latency gate whatever its percentiles over a finite run say.
  const misses = latencyMisses({ ms }, scenario).map((m) => m.gate);
  if (result.saturated && !misses.includes("latency")) misses.unshift("latency");
  return {
    arrival: arrivalName(process),
    requests: result.requests,
    seed: spec.seed,
    percentiles: Object.fromEntries(LATENCY_METRICS.map((m) => [`${m}_ms`, quantilesOf(ms[m])])) as SimulatedFigures["percentiles"],
    goodput: round(result.goodput, 4),
    total_throughput_tps: round(result.throughputTps * sizing.replicas, 1),
    mean_batch: round(result.meanBatch, 2),
    preemptions: result.preemptions,
    saturated: result.saturated,
    misses,
  };
}
