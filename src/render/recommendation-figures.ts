import type { Candidate, Scope } from "../core/planner/results.js";
import { latencyAt } from "../core/planner/candidate-latency.js";
import { prefillWords, reasoningRows } from "./workload-rows.js";
import { formatConcurrency, formatReplicas, maxRate, money, ms, plural, quality, throughputBasis, throughputSource, vramParts } from "./format.js";

/** A figure as a report shows it: its name, its value in words, and its source. */
export type FigureRow = [label: string, value: string, source: string];

/** A recommendation's figures, each with its source: performance, then quality and cost; the sources used. */
export interface RecommendationFigures {
  performance: FigureRow[];
  qualityCost: FigureRow[];
  /** The provenance sources the rows cite. */
  sources: Set<string>;
}

/** The figures the terminal's and the HTML report's recommendation show alike. */
export function recommendationFigures(c: Candidate, scope: Scope): RecommendationFigures {
  const p = c.provenance;
  const gpu = scope.hardware.find((g) => g.name === c.hardware) ?? scope.hardware[0]!;
  const pct = `p${scope.percentile}`;
  const at = latencyAt(c, scope.percentile);
  const performance: FigureRow[] = [
    ["VRAM per GPU", `${c.vram_gb.toFixed(2)} ${scope.memory_unit} of ${gpu.memory_gb} ${scope.memory_unit}`, p.vram.source],
    ["  of which", vramParts(c), p.vram.source],
    ["throughput, one request", `${c.throughput_tps.toFixed(1)} tok/s (${throughputBasis(p.throughput)})`, throughputSource(p.throughput)],
    ["throughput, total", `${c.total_throughput_tps.toFixed(1)} tok/s (η ${c.eta.toFixed(3)})`, `${p.scaling.source} η`],
    ...(p.prefill.source === "none"
      ? []
      : ([
          ["prefill", prefillWords(c, scope.prompt_tokens), p.prefill.source],
          [`${pct} first token`, `${ms(at.ttftMs)} ms${scope.ttft_slo_ms !== null ? ` (SLO ${scope.ttft_slo_ms} ms)` : ""}`, p.latency.source],
        ] satisfies FigureRow[])),
    ...(scope.tpot_slo_ms !== null ? ([[`${pct} time per output token`, `${ms(at.tpotMs)} ms (SLO ${scope.tpot_slo_ms} ms)`, p.latency.source]] satisfies FigureRow[]) : []),
    [`${pct} latency`, `${ms(at.e2eMs)} ms (SLO ${scope.latency_slo_ms} ms)`, p.latency.source],
    ["utilisation", `${(c.utilisation * 100).toFixed(1)}%`, p.latency.source],
    ...(c.max_request_rate !== undefined ? ([["max request rate", maxRate(c), p.latency.source]] satisfies FigureRow[]) : []),
  ];
  const reasoning = reasoningRows(c, scope);
  // The first delivered token goes before the latency to the last.
  performance.splice(
    performance.findIndex(([label]) => label === `${pct} latency`),
    0,
    ...reasoning.performance.map(([k, v]): FigureRow => [k, v, p.latency.source]),
  );
  const qualityCost: FigureRow[] = [
    ["quality", quality(c), p.quality.source],
    [
      "monthly cost",
      c.monthly_cost === null
        ? `unknown: ${gpu.name} has no price (give --gpu-price); ${plural(c.gpus_billed, "GPU")}`
        : `${money(c.monthly_cost)} (${plural(c.gpus_billed, "GPU")}${c.energy_usd_per_month !== null ? `, of which energy ${money(c.energy_usd_per_month)}` : ""})`,
      p.cost.source,
    ],
    [reasoning.cost.length > 0 ? "cost per 1M generated tokens" : "cost per 1M tokens", c.cost_per_1m_tok === null ? "unknown" : `$${c.cost_per_1m_tok.toFixed(4)}`, p.cost.source],
    ...reasoning.cost.map(([k, v]): FigureRow => [k, v, p.cost.source]),
    ...(c.energy_kwh_per_month === null
      ? []
      : ([
          [
            "energy",
            `${c.energy_kwh_per_month.toFixed(0)} kWh/month at ${(c.utilisation * 100).toFixed(1)}% utilisation${c.energy_usd_per_month !== null ? `, ${money(c.energy_usd_per_month)}` : ""}`,
            p.energy.source,
          ],
        ] satisfies FigureRow[])),
  ];
  const sources = new Set<string>([
    p.vram.source,
    p.throughput.source,
    p.scaling.source,
    p.latency.source,
    p.quality.source,
    p.cost.source,
    p.prefill.source,
    ...(c.energy_kwh_per_month === null ? [] : [p.energy.source]),
  ]);
  return { performance, qualityCost, sources };
}

/** "llama3.1-8b FP16 on vllm × 1 GPU, 46 requests per GPU": a deployment as a recommendation names it (and its experts spread, under expert parallelism). */
export function deploymentWords(c: Pick<Candidate, "model" | "quant" | "backend" | "replicas" | "gpus_per_replica" | "concurrency"> & { expert_parallel?: number }): string {
  const experts = (c.expert_parallel ?? 1) > 1 ? ` (experts spread over ${c.expert_parallel})` : "";
  return `${c.model} ${c.quant} on ${c.backend} × ${formatReplicas(c.replicas, c.gpus_per_replica)}${experts}${formatConcurrency(c.concurrency, c.gpus_per_replica)}`;
}
