import { round } from "../round.js";
import type { Engine } from "../engines/engine.js";
import type { Candidate, PlanWarning } from "../planner/results.js";
import type { Evaluation } from "./evaluation.js";
import { LATENCY_METRICS, PERCENTILES, latencyAt, type LatencyPrediction, type Quantiles } from "../laws/queue.js";

/** A warning's figures rounded as a candidate prints them. */
function roundWarning(w: PlanWarning): PlanWarning {
  switch (w.code) {
    case "saturated":
      return { ...w, utilisation: round(w.utilisation, 3) };
    case "vram_headroom":
      return { ...w, vram_share: round(w.vram_share, 3) };
    case "throughput_capped":
      return { ...w, ceiling_tps: round(w.ceiling_tps, 1) };
    case "quality_unknown":
      return { ...w, assumed: w.assumed === null ? null : round(w.assumed, 3) };
    case "quality_published_gate":
      return { ...w, score: round(w.score, 4) };
    case "size_class_substituted":
      return { ...w, params_b: round(w.params_b, 2) };
    default:
      return w;
  }
}

/** An evaluation as a result carries it, rounded as the reference rounds (the TR133 fields keep its decimals). */
export function toCandidate(evaluation: Evaluation, hardware: string, engine: Engine): Candidate {
  const { sizing, latency } = evaluation;
  const split = evaluation.parallelism.split;
  return {
    model: evaluation.model.name,
    quant: evaluation.quant.name,
    backend: evaluation.backend,
    hardware,
    replicas: sizing.replicas,
    gpus_per_replica: sizing.gpusPerReplica,
    gpus_billed: sizing.gpusBilled,
    split,
    tensor_parallel: split === "tensor" ? sizing.gpusPerReplica : 1,
    expert_parallel: evaluation.parallelism.expertParallel ? sizing.gpusPerReplica : 1,
    concurrency: sizing.concurrency,
    ...engine.candidateFields(sizing),
    vram_gb: round(evaluation.deployedVram.totalGb, 2),
    vram_breakdown: vramBreakdown(evaluation),
    quality: evaluation.quality.score === null ? null : round(evaluation.quality.score, 3),
    quality_tier: evaluation.quality.tier,
    quality_published: publishedOf(evaluation),
    throughput_tps: round(evaluation.throughput.tokensPerSecond, 1),
    total_throughput_tps: round(sizing.totalTps, 1),
    eta: round(sizing.eta, 3),
    prefill_ms: round(sizing.prefillS * 1000, 1),
    ...(evaluation.replica && evaluation.replica.cachedPromptTokens > 0 ? { cached_prompt_tokens: evaluation.replica.cachedPromptTokens } : {}),
    ttft_ms: finite(latencyAt(latency, "ttft", 95), 1),
    tpot_ms: round(latencyAt(latency, "tpot", 95), 2),
    p95_latency_ms: finite(latencyAt(latency, "e2e", 95), 1),
    ...(latency.ms.ttft.p50 !== undefined ? { percentiles: percentilesOf(latency) } : {}),
    ...(evaluation.kvCapacityTokens !== undefined ? { kv_capacity_tokens: Math.floor(evaluation.kvCapacityTokens) } : {}),
    utilisation: round(latency.utilisation, 3),
    monthly_cost: evaluation.costKnown ? round(evaluation.monthlyCost, 2) : null,
    cost_per_1m_tok: evaluation.costKnown ? round(evaluation.costPerMillionTokens, 4) : null,
    ...reasoningFields(evaluation),
    energy_kwh_per_month: evaluation.energy.kwhPerMonth === null ? null : round(evaluation.energy.kwhPerMonth, 1),
    energy_usd_per_month: evaluation.energy.usdPerMonth === null ? null : round(evaluation.energy.usdPerMonth, 2),
    warnings: evaluation.warnings.map(roundWarning),
    provenance: evaluation.provenance,
  };
}

/**
 * With hidden reasoning tokens: the cost per delivered token (each stands for (output + reasoning) / output
 * generated ones at the same load), and the time to the first delivered token (the first generated one,
 * then the reasoning tokens at the p95 time per token). Nothing without them.
 */
function reasoningFields(evaluation: Evaluation): Pick<Candidate, "cost_per_1m_delivered_tok" | "first_answer_ms"> {
  const r = evaluation.reasoningTokens;
  if (r <= 0) return {};
  const perDelivered = (evaluation.outputTokens + r) / evaluation.outputTokens;
  const { latency } = evaluation;
  return {
    cost_per_1m_delivered_tok: evaluation.costKnown ? round(evaluation.costPerMillionTokens * perDelivered, 4) : null,
    first_answer_ms: finite(latencyAt(latency, "ttft", 95) + r * latencyAt(latency, "tpot", 95), 1),
  };
}

/** A figure rounded, or null when it is not finite (a saturated deployment's latency). */
function finite(x: number, digits: number): number | null {
  return Number.isFinite(x) ? round(x, digits) : null;
}

/** Every latency at every reported percentile, milliseconds (null when saturated). */
function percentilesOf(latency: LatencyPrediction): Candidate["percentiles"] {
  const quantiles = (q: Partial<Quantiles>) => Object.fromEntries(PERCENTILES.map((p) => [`p${p}`, finite(q[`p${p}`] ?? NaN, 2)]));
  return Object.fromEntries(LATENCY_METRICS.map((m) => [`${m}_ms`, quantiles(latency.ms[m])])) as Candidate["percentiles"];
}

/** The published benchmark's score as a result carries it (4 dp, as published: a 0–100 average to 2 dp), or null. */
function publishedOf(evaluation: Evaluation): Candidate["quality_published"] {
  const p = evaluation.published;
  if (!p) return null;
  return {
    benchmark: p.benchmark,
    score: round(p.score, 4),
    source: p.source,
    variant: p.variant,
    date: p.date,
    ...(p.delta !== undefined ? { quant_delta: round(p.delta, 4) } : {}),
  };
}

/**
 * The VRAM breakdown as printed: each part to 2 dp, the overhead taking the rounding so that the printed
 * parts sum to the printed total.
 */
function vramBreakdown(evaluation: Evaluation): Candidate["vram_breakdown"] {
  const v = evaluation.deployedVram;
  // The overhead is what the other parts leave of the total.
  const exact = [v.weightsGb, v.kvCacheGb, v.activationsGb, Math.max(0, v.totalGb - v.weightsGb - v.kvCacheGb - v.activationsGb)];
  const [weights, kv, activations, overhead] = centsSummingTo(exact, Math.round(v.totalGb * 100));
  return { weights_gb: weights!, kv_cache_gb: kv!, activations_gb: activations!, overhead_gb: overhead! };
}

/**
 * Parts rounded to hundredths that add up to `totalCents` hundredths (largest remainders: each part is
 * rounded down, and the hundredths left go to those that lost most), so none is negative.
 */
function centsSummingTo(parts: readonly number[], totalCents: number): number[] {
  const cents = parts.map((x) => x * 100);
  const floors = cents.map((x) => Math.floor(x + 1e-9));
  let left = totalCents - floors.reduce((a, b) => a + b, 0);
  const byRemainder = cents.map((x, i) => ({ i, r: x - floors[i]! })).sort((a, b) => b.r - a.r);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return floors.map((c) => c / 100);
}
