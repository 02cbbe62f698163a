import { round } from "../round.js";
import { latencyAt } from "./candidate-latency.js";
import type { Planner } from "./planner.js";
import type { PlanRequest, PredictRequest } from "./requests.js";
import type { Candidate } from "./results.js";

/** One request rate offered to a deployment, and what predict() says of it. */
export interface LoadPoint {
  request_rate: number;
  /** Offered load over what the deployment carries. */
  utilisation: number;
  /** Output tokens per second served: the rate times the output tokens, at most the deployment's capacity. */
  throughput_tps: number;
  /** Time to the first token at the sweep's percentile, ms; null when the deployment cannot carry the rate. */
  ttft_ms: number | null;
  /** Latency to the last token at the sweep's percentile, ms; null when the deployment cannot carry the rate. */
  latency_ms: number | null;
  /** Whether the latency gate (and the first-token gate, when asked) pass at this rate. */
  meets_slo: boolean;
  /** Whether this is the plan's own request rate. */
  planned: boolean;
}

/** A deployment's predictions from a low request rate to near saturation. */
export interface LoadSweep {
  model: string;
  quant: string;
  backend: string;
  hardware: string;
  replicas: number;
  gpus_per_replica: number;
  concurrency: number;
  /** Output tokens per second the deployment carries at full load (predict's total throughput). */
  capacity_tps: number;
  /** The request rate at which the utilisation reaches 1, req/s. */
  capacity_rps: number;
  output_tokens: number;
  /** The percentile of every latency, the one the plan's SLOs hold at. */
  percentile: number;
  latency_slo_ms: number;
  ttft_slo_ms: number | null;
  /** Ascending by rate. */
  points: LoadPoint[];
}

/** Shares of the saturation rate swept: from light load to near saturation, where the p95 wait grows fast. */
const LOAD_SHARES = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

/** Below this utilisation a rounded figure says too little about capacity (it has three decimals). */
const RELIABLE_UTILISATION = 0.05;

/** The predict request for `candidate`'s deployment under the plan `request`, at `requestRate`. */
function predictRequestFor(request: PlanRequest, candidate: Candidate, requestRate: number): PredictRequest {
  // The plan's selection fields go; its workload, limits and model or GPU description stay, so the defaults resolve alike.
  const { model: _model, modelSize: _size, quant: _quant, backend: _backend, tensorParallel: _tp, maxGpus: _max, limit: _limit, hardware: _hardware, ...shared } = request;
  const described = request.modelConfig !== undefined || request.modelShape !== undefined;
  return {
    ...shared,
    ...(described ? {} : { model: candidate.model }),
    ...(request.gpu !== undefined ? {} : { hardware: candidate.hardware }),
    quant: candidate.quant,
    backend: candidate.backend,
    replicas: candidate.replicas,
    concurrency: candidate.concurrency,
    tensorParallel: candidate.gpus_per_replica as 1 | 2 | 4 | 8,
    requestRate,
  };
}

/** A rate to three significant figures, so a table reads it. */
const rateOf = (x: number) => Number(x.toPrecision(3));

/**
 * `candidate` (a plan's recommendation under `request`) predicted at request rates from 5% to 95% of the
 * rate that saturates it, and at the plan's own rate: each point is predict() for that deployment. The
 * saturation rate is read from predict's utilisation (offered over carried) at about half load, where
 * its three decimals are precise.
 */
export function loadSweep(planner: Pick<Planner, "predict">, request: PlanRequest, candidate: Candidate, plannedRate: number): LoadSweep {
  const at = (rate: number) => planner.predict(predictRequestFor(request, candidate, rate));
  const planned = at(plannedRate);
  const guess = planned.utilisation >= RELIABLE_UTILISATION ? plannedRate / planned.utilisation : planned.total_throughput_tps / planned.scope.output_tokens;
  const probeRate = guess / 2;
  const probe = at(probeRate);
  const capacityRps = probe.utilisation > 0 ? probeRate / probe.utilisation : guess;
  const rates = [...new Set([...LOAD_SHARES.map((s) => rateOf(s * capacityRps)), plannedRate])].filter((r) => r > 0).sort((a, b) => a - b);
  const points = rates.map((rate): LoadPoint => {
    const p = rate === plannedRate ? planned : at(rate);
    const slo = p.gates.filter((g) => g.gate === "latency" || g.gate === "ttft" || g.gate === "tpot");
    const latency = latencyAt(p, p.scope.percentile);
    return {
      request_rate: rate,
      utilisation: p.utilisation,
      throughput_tps: round(Math.min(rate * p.scope.output_tokens, p.total_throughput_tps), 1),
      ttft_ms: latency.ttftMs,
      latency_ms: latency.e2eMs,
      meets_slo: slo.every((g) => g.passed),
      planned: rate === plannedRate,
    };
  });
  return {
    model: candidate.model,
    quant: candidate.quant,
    backend: candidate.backend,
    hardware: candidate.hardware,
    replicas: candidate.replicas,
    gpus_per_replica: candidate.gpus_per_replica,
    concurrency: candidate.concurrency,
    capacity_tps: planned.total_throughput_tps,
    capacity_rps: round(capacityRps, 3),
    output_tokens: planned.scope.output_tokens,
    percentile: planned.scope.percentile,
    latency_slo_ms: planned.scope.latency_slo_ms,
    ttft_slo_ms: planned.scope.ttft_slo_ms,
    points,
  };
}
