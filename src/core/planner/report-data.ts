import { latencyAt } from "./candidate-latency.js";
import { loadSweep, type LoadSweep } from "./load-sweep.js";
import { costLatencyFront, paretoFront } from "./pareto-front.js";
import type { Planner } from "./planner.js";
import type { PlanRequest } from "./requests.js";
import type { Candidate, PlanResult } from "./results.js";

export type { LoadPoint, LoadSweep } from "./load-sweep.js";

/** The most candidates a report weighs for its frontier (shared among the GPUs of a plan over several). */
export const FRONTIER_CAP = 500;

/** The candidates a report draws on its cost, latency and quality chart. */
export interface Frontier {
  /** Ranked as the plan ranks them. */
  candidates: Candidate[];
  /** How many the search was asked for: in all, or on each GPU when several were planned. */
  limit: number;
  /** The limit is per GPU (a plan over several GPUs). */
  per_gpu: boolean;
  /** Every configuration that passes all gates is here: the search found fewer than it was asked for. */
  complete: boolean;
  /** Indices into `candidates` of those no other beats on monthly cost (or GPUs billed), latency at the plan's percentile and quality at once, cheapest first. */
  pareto: number[];
  /** Indices into `candidates` of those no other beats on both monthly cost (or GPUs billed) and that latency: the cheapest way to each latency. */
  pareto_cost_latency: number[];
  /** The index into `candidates` of the plan's recommendation; null when nothing fits. */
  recommended: number | null;
  /** What the cost axis counts: US$ per month, or GPUs billed when the plan's GPU has no price (a plan never mixes the two). */
  cost_axis: CostAxis;
}

/** What a frontier's cost axis counts. */
export type CostAxis = "usd_per_month" | "gpus_billed";

/** A candidate's figure on a cost axis. */
export function costOn(axis: CostAxis, c: Pick<Candidate, "monthly_cost" | "gpus_billed">): number {
  return axis === "usd_per_month" ? c.monthly_cost! : c.gpus_billed;
}

/** What a plan's report shows: the plan, the candidates of its frontier, and its recommendation under load. */
export interface ReportData {
  plan: PlanResult;
  frontier: Frontier;
  /** The recommendation predicted from low load to near saturation; null when nothing fits. */
  load: LoadSweep | null;
}

/** The same deployment: model, format, backend, GPU and how it is deployed. */
function sameDeployment(a: Candidate, b: Candidate): boolean {
  return (
    a.model === b.model &&
    a.quant === b.quant &&
    a.backend === b.backend &&
    a.hardware === b.hardware &&
    a.replicas === b.replicas &&
    a.gpus_per_replica === b.gpus_per_replica &&
    a.concurrency === b.concurrency
  );
}

/** The frontier's candidates: the plan request again, asked for up to FRONTIER_CAP survivors. */
function frontierOf(planner: Pick<Planner, "plan">, request: PlanRequest, plan: PlanResult): Frontier {
  const gpus = plan.scope.hardware.length;
  const limit = gpus > 1 ? Math.max(1, Math.floor(FRONTIER_CAP / gpus)) : FRONTIER_CAP;
  const found = planner.plan({ ...request, limit }).candidates;
  const perGpu = new Map<string, number>();
  for (const c of found) perGpu.set(c.hardware, (perGpu.get(c.hardware) ?? 0) + 1);
  const complete = [...perGpu.values()].every((n) => n < limit);
  const best = plan.candidates[0];
  let candidates = found;
  let recommended: number | null = null;
  if (best) {
    recommended = found.findIndex((c) => sameDeployment(c, best));
    // The same ranking puts it first; should a search ever differ, the recommendation is drawn all the same.
    if (recommended < 0) [candidates, recommended] = [[best, ...found], 0];
  }
  const cost_axis: CostAxis = candidates.every((c) => c.monthly_cost !== null) ? "usd_per_month" : "gpus_billed";
  // Weighed on the plan's percentile, the one its SLOs hold at.
  const weighed = candidates.map((c) => ({ ...c, monthly_cost: costOn(cost_axis, c), latency_ms: latencyAt(c, plan.scope.percentile).e2eMs }));
  return { candidates, limit, per_gpu: gpus > 1, complete, pareto: paretoFront(weighed), pareto_cost_latency: costLatencyFront(weighed), recommended, cost_axis };
}

/**
 * The data of a plan's report: `plan` (what the planner returned for `request`), up to FRONTIER_CAP
 * candidates for the frontier, and the recommendation swept over load by predict().
 */
export function reportData(planner: Pick<Planner, "plan" | "predict">, request: PlanRequest, plan: PlanResult): ReportData {
  const best = plan.candidates[0];
  return {
    plan,
    frontier: frontierOf(planner, request, plan),
    load: best ? loadSweep(planner, request, best, plan.scope.request_rate) : null,
  };
}
