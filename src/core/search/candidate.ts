import { round } from "../round.js";
import type { QualityTier } from "../laws/quality.js";
import type { Provenance } from "./provenance.js";
import type { Evaluation } from "./evaluation.js";

/** One ranked configuration as `--json` prints it: the reference's field names and rounding. */
export interface Candidate {
  model: string;
  quant: string;
  backend: string;
  /** Replicas (the reference's name). */
  n_agents: number;
  vram_gb: number;
  /** Where the VRAM goes, GB (2 dp); the parts sum to vram_gb. */
  vram_breakdown: { weights_gb: number; kv_cache_gb: number; activations_gb: number; overhead_gb: number };
  /** Quality score; null when never measured (the default coefficients do not guess). */
  quality: number | null;
  quality_tier: QualityTier;
  /** Tokens per second of one request at N=1 on this GPU. */
  throughput_tps: number;
  total_throughput_tps: number;
  eta: number;
  /** p95 latency to the last token; null (JSON has no infinity) when the deployment cannot carry the load. */
  p95_latency_ms: number | null;
  /** The prompt's prefill on a free replica, milliseconds (0 for the reference, which has no prompt). */
  prefill_ms: number;
  /** p95 time to the first token: the queueing tail and the prompt's prefill; null when saturated. */
  ttft_ms: number | null;
  /** Milliseconds per output token at the deployment's concurrency. */
  tpot_ms: number;
  utilisation: number;
  monthly_cost: number;
  cost_per_1m_tok: number;
  warnings: string[];
  /** Stable identifiers of the warnings, in the same order. */
  warning_codes: string[];
  /** Replicas, each serving its share of the load (the reference's N agents). */
  replicas: number;
  /** GPUs each replica spans, the model split over them (tensor parallel, or layers for llama.cpp and Ollama). */
  tensor_parallel: number;
  /** GPUs billed: replicas × tensor_parallel. */
  gpus: number;
  /** Requests served at once on each replica. */
  concurrency: number;
  /** The GPU the plan is for. */
  hardware: string;
  provenance: Provenance;
}

/** The printed form of an evaluation, rounded as the reference rounds. */
export function toCandidate(evaluation: Evaluation, hardware: string): Candidate {
  return {
    model: evaluation.model.name,
    quant: evaluation.quant.name,
    backend: evaluation.backend,
    n_agents: evaluation.sizing.replicas,
    vram_gb: round(evaluation.deployedVram.totalGb, 2),
    vram_breakdown: vramBreakdown(evaluation),
    quality: evaluation.quality.score === null ? null : round(evaluation.quality.score, 3),
    quality_tier: evaluation.quality.tier,
    throughput_tps: round(evaluation.throughput.tokensPerSecond, 1),
    total_throughput_tps: round(evaluation.sizing.totalTps, 1),
    eta: round(evaluation.sizing.eta, 3),
    p95_latency_ms: Number.isFinite(evaluation.latency.p95Ms) ? round(evaluation.latency.p95Ms, 1) : null,
    prefill_ms: round(evaluation.sizing.prefillS * 1000, 1),
    ttft_ms: Number.isFinite(evaluation.ttftMs) ? round(evaluation.ttftMs, 1) : null,
    tpot_ms: round(evaluation.tpotS * 1000, 2),
    utilisation: round(evaluation.latency.utilisation, 3),
    monthly_cost: round(evaluation.monthlyCost, 2),
    cost_per_1m_tok: round(evaluation.costPerMillionTokens, 4),
    warnings: evaluation.warnings.map((w) => w.message),
    warning_codes: evaluation.warnings.map((w) => w.code),
    replicas: evaluation.sizing.replicas,
    tensor_parallel: evaluation.sizing.gpusPerReplica,
    gpus: evaluation.sizing.gpusBilled,
    concurrency: evaluation.sizing.concurrency,
    hardware,
    provenance: evaluation.provenance,
  };
}

/**
 * The VRAM breakdown as printed: each part to 2 dp, the overhead taking the rounding so that the printed
 * parts sum to the printed total.
 */
function vramBreakdown(evaluation: Evaluation): Candidate["vram_breakdown"] {
  const v = evaluation.deployedVram;
  const weights = round(v.weightsGb, 2);
  const kv = round(v.kvCacheGb, 2);
  const activations = round(v.activationsGb, 2);
  const overhead = round(round(v.totalGb, 2) - weights - kv - activations, 2);
  return { weights_gb: weights, kv_cache_gb: kv, activations_gb: activations, overhead_gb: overhead };
}
