import type { Admitted, Candidate, Provenance, Scope, ScopeGpu } from "../core/planner/results.js";
import { BINDING_LABELS, priceBasisWords } from "./words.js";

/** The price a GPU was weighed at, with its basis: "$0.69/h on demand", or "price unknown". */
export function priceWords(gpu: Pick<ScopeGpu, "usd_per_hour" | "price_basis">): string {
  return gpu.usd_per_hour === null ? priceBasisWords(null) : `$${gpu.usd_per_hour}/h ${priceBasisWords(gpu.price_basis)}`;
}

/** Where a throughput figure comes from, for a table's source column. */
export function throughputSource(t: Provenance["throughput"]): string {
  let source: string = t.source;
  if (t.source === "calibrated" && t.calibration) source = `calibrated ×${(t.calibration.effective ?? t.calibration.factor).toFixed(2)}`;
  if (t.source === "extrapolated") {
    const factor = t.roofline_ratio ?? t.bandwidth_factor;
    source = factor === undefined ? "extrapolated" : `extrapolated ×${factor.toFixed(2)}`;
  }
  return t.capped ? `${source}, capped` : source;
}

/** How a throughput figure was reached, in a few words. */
export function throughputBasis(t: Provenance["throughput"]): string {
  if (t.basis === "lookup") return t.measured_on ? `measured on ${t.measured_on}` : "lookup";
  if (t.basis === "roofline") return `roofline, ${t.coefficients ?? ""}${t.coefficients_source && t.coefficients_source !== "measured" ? ` ${t.coefficients_source}` : ""}`;
  return t.basis.replaceAll("_", " ");
}

/** The published benchmark's score in a few words: "Open LLM Leaderboard v2 0.238 (estimated)". */
function publishedText(p: NonNullable<Candidate["quality_published"]>): string {
  return `${p.benchmark} ${p.score.toFixed(4)}${p.source === "estimated" ? " (estimated)" : ""}`;
}

/** A quality score and its tier, then the published benchmark's beside it; an unmeasured one says so. */
export function quality(c: Pick<Candidate, "quality" | "quality_tier" | "quality_published">): string {
  const tr = c.quality === null ? "unknown on TR124/TR125 (never measured)" : `${c.quality.toFixed(3)} (${c.quality_tier})`;
  return c.quality_published ? `${tr}; ${publishedText(c.quality_published)}` : tr;
}

/** A quality score for a narrow column: the TR124/TR125 score, else the published one marked "LB", else unknown. */
export function qualityCell(c: Pick<Candidate, "quality" | "quality_published">): string {
  if (c.quality !== null) return c.quality.toFixed(3);
  return c.quality_published ? `LB ${c.quality_published.score.toFixed(4)}` : "unknown";
}

/** Where the VRAM goes, in one line. */
export function vramParts(c: Pick<Candidate, "vram_breakdown">): string {
  const b = c.vram_breakdown;
  return `weights ${b.weights_gb.toFixed(2)} + KV ${b.kv_cache_gb.toFixed(2)} + activations ${b.activations_gb.toFixed(2)} + overhead ${b.overhead_gb.toFixed(2)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "2 GPUs", or "2 replicas of 4 GPUs" when each replica spans several. */
export function formatReplicas(replicas: number, gpusPerReplica: number): string {
  return gpusPerReplica > 1 ? `${plural(replicas, "replica")} of ${gpusPerReplica} GPUs` : plural(replicas, "GPU");
}

/** ", 4 requests per GPU" (per replica when a replica spans several GPUs); nothing for one. */
export function formatConcurrency(concurrency: number, gpusPerReplica: number): string {
  return concurrency > 1 ? `, ${concurrency} requests per ${gpusPerReplica > 1 ? "replica" : "GPU"}` : "";
}

/** "llama3.2-3b Q4_K_M ollama ×2": a configuration in one breath (a replica's GPUs, and its experts spread over them under expert parallelism). */
export function formatAdmitted(a: Admitted & { expert_parallel?: number }): string {
  const experts = (a.expert_parallel ?? 1) > 1 ? ", experts spread over them" : "";
  const tp = a.gpus_per_replica > 1 ? ` (${a.gpus_per_replica} GPUs each${experts})` : "";
  return `${a.model} ${a.quant} ${a.backend} ×${a.replicas}${tp}${formatConcurrency(a.concurrency, a.gpus_per_replica)}`;
}

/** A candidate's highest rate within the SLOs (plan --max-rate) and what binds there: "9.366 req/s within the SLOs (latency binds first)". */
export function maxRate(c: Pick<Candidate, "max_request_rate" | "binding">): string {
  if (c.max_request_rate === undefined) return "";
  return `${c.max_request_rate} req/s within the SLOs${c.binding === undefined ? "" : ` (${BINDING_LABELS[c.binding]} binds first)`}`;
}

/**
 * What a table's "max req/s" column holds (plan --max-rate), in a line under it: each candidate's highest
 * rate within the SLOs, and what binds there (said once when the same for every one, else by row).
 */
export function maxRateLegend(rows: readonly { label: string; candidate: Pick<Candidate, "binding"> }[]): string {
  const bound = rows.filter((r) => r.candidate.binding !== undefined);
  const kinds = new Set(bound.map((r) => r.candidate.binding!));
  const first = bound[0]?.candidate.binding;
  const binds =
    kinds.size <= 1 && first !== undefined
      ? `; ${BINDING_LABELS[first]} binds first for ${bound.length === 1 ? "it" : bound.length === 2 ? "both" : `all ${bound.length}`}`
      : kinds.size > 1
        ? `; what binds first: ${bound.map((r) => `${r.label} ${BINDING_LABELS[r.candidate.binding!]}`).join(", ")}`
        : "";
  return `max req/s: the highest request rate each carries within the SLOs${binds}.`;
}

/** Dollars to the cent. */
export const money = (x: number) => `$${x.toFixed(2)}`;

/** Milliseconds to one decimal; a saturated deployment's latency is unbounded. */
export const ms = (x: number | null) => (x === null ? "∞" : x.toFixed(1));

export { plural };

/** Where the tokens of a request came from, when not both given. */
export function tokenSource(scope: Scope): string {
  const w = scope.workload;
  if (w && w.set.length > 0) {
    const set = w.set.length === 2 ? "" : w.set[0] === "prompt_tokens" ? "prompt: " : "output: ";
    return ` (${set}${w.preset} preset${scope.defaults.includes("workload") ? ", the default" : ""}: the ${w.statistic} request of ${w.trace})`;
  }
  if (scope.prompt_source === "context") return " (the prompt is the context less the output)";
  return "";
}

