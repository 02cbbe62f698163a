import type { Candidate } from "../core/candidate.js";
import { lastGate } from "../core/gate-tally.js";
import { GATES, type Gate } from "../core/rejection.js";
import type { PlanRequest } from "../core/types.js";
import { formatSizeClass } from "../core/size-class.js";
import type { Paint } from "./paint.js";
import { renderTable } from "./table.js";

/** Everything the human plan report shows. */
export interface PlanView {
  request: PlanRequest;
  /** The models the size class selected. */
  models: readonly string[];
  candidates: readonly Candidate[];
  /** (model, quant, backend) configurations searched. */
  searched: number;
  rejectedByGate: Record<Gate, number>;
}

/** How many alternatives follow the recommendation. */
export const ALTERNATIVES = 4;

const GATE_NAMES: Record<Gate, string> = {
  vram: "VRAM",
  quality: "quality",
  throughput: "instance count (16 GPUs cannot carry the load)",
  latency: "latency",
  budget: "budget",
};

/** What a user can relax when a gate empties the plan. */
const RELAX: Record<Gate, string> = {
  vram: "a GPU with more memory (--hardware), a smaller --model-size or a shorter --context-length",
  quality: "a lower --quality-target or a larger --model-size",
  throughput: "a lower --request-rate, fewer --avg-tokens or a faster GPU (--hardware)",
  latency: "a looser --latency-slo, fewer --avg-tokens or a faster GPU (--hardware)",
  budget: "a higher --budget or a cheaper GPU (--hardware)",
};

const money = (x: number) => `$${x.toFixed(2)}`;

/** The constraints table: what was asked. */
function constraints(view: PlanView, columns: number | undefined): string {
  const { request: r } = view;
  const gpu = r.gpu;
  return renderTable(
    [
      ["model size", `${formatSizeClass(r.sizeClass)} → ${view.models.join(", ")}`],
      ["hardware", `${gpu.name} (${gpu.vram_gb} GB, ${gpu.bandwidth_gbps} GB/s, $${gpu.cost_per_hour}/h)`],
      ["request rate", `${r.requestRate} req/s × ${r.avgTokens} output tokens`],
      ["context length", `${r.contextLength} tokens`],
      ["p95 latency SLO", `${r.latencySloMs} ms`],
      ["quality target", `≥ ${r.qualityTarget}`],
      ["budget", `${money(r.budget)} / month`],
    ],
    { columns },
  );
}

/** The recommendation: configuration, performance, quality and cost, side by side as rows. */
function recommendation(c: Candidate, view: PlanView, paint: Paint, columns: number | undefined): string {
  const { request: r } = view;
  const gpus = `${c.n_agents} GPU${c.n_agents > 1 ? "s" : ""}`;
  const title = paint.bold(`Recommendation: ${paint.accent(`${c.model} ${c.quant} on ${c.backend} × ${gpus}`)}`);
  const performance = renderTable(
    [
      ["VRAM per GPU", `${c.vram_gb.toFixed(2)} GB of ${r.gpu.vram_gb} GB`],
      ["throughput, one request", `${c.throughput_tps.toFixed(1)} tok/s`],
      ["throughput, total", `${c.total_throughput_tps.toFixed(1)} tok/s (η ${c.eta.toFixed(3)})`],
      ["p95 latency", `${c.p95_latency_ms.toFixed(1)} ms (SLO ${r.latencySloMs} ms)`],
      ["utilisation", `${(c.utilisation * 100).toFixed(1)}%`],
    ],
    { columns },
  );
  const qualityCost = renderTable(
    [
      ["quality", `${c.quality.toFixed(3)} (${c.quality_tier})`],
      ["monthly cost", `${money(c.monthly_cost)} (${gpus})`],
      ["cost per 1M tokens", `$${c.cost_per_1m_tok.toFixed(4)}`],
    ],
    { columns },
  );
  const warnings =
    c.warnings.length === 0
      ? paint.good("No warnings.")
      : [paint.bold("Warnings"), ...c.warnings.map((w) => `  ${paint.warn("!")} ${w}`)].join("\n");
  return [
    title,
    `${paint.bold("Performance")}\n${performance}`,
    `${paint.bold("Quality and cost")}\n${qualityCost}`,
    warnings,
  ].join("\n\n");
}

/** The next few survivors. */
function alternatives(rest: readonly Candidate[], columns: number | undefined): string {
  const rows = rest.map((c, i) => [
    String(i + 2),
    c.model,
    c.quant,
    c.backend,
    String(c.n_agents),
    c.vram_gb.toFixed(2),
    c.quality.toFixed(3),
    c.p95_latency_ms.toFixed(1),
    money(c.monthly_cost),
  ]);
  return renderTable(rows, {
    head: ["#", "model", "quant", "backend", "GPUs", "VRAM GB", "quality", "p95 ms", "per month"],
    align: ["right", "left", "left", "left", "right", "right", "right", "right", "right"],
    columns,
  });
}

/** When nothing survived: what each gate removed, and what to relax. */
function noFit(view: PlanView, paint: Paint): string {
  const tally = view.rejectedByGate;
  const lines = [paint.bad(`No viable configuration: none of the ${view.searched} configurations passed all four gates.`)];
  for (const gate of GATES) {
    if (tally[gate] > 0) lines.push(`  ${GATE_NAMES[gate]}: removed ${tally[gate]}`);
  }
  const last = lastGate(tally);
  if (last) lines.push("", `The ${GATE_NAMES[last]} gate removed the last of them. Try ${RELAX[last]}.`);
  return lines.join("\n");
}

/** The human plan report: constraints, recommendation, alternatives and how many survived. */
export function renderPlanReport(view: PlanView, paint: Paint, columns: number | undefined): string {
  const sections = [`${paint.bold("Constraints")}\n${constraints(view, columns)}`];
  const [best, ...rest] = view.candidates;
  if (!best) {
    sections.push(noFit(view, paint));
    return sections.join("\n\n") + "\n";
  }
  sections.push(recommendation(best, view, paint, columns));
  const shown = rest.slice(0, ALTERNATIVES);
  if (shown.length > 0) sections.push(`${paint.bold("Alternatives")}\n${alternatives(shown, columns)}`);
  const n = view.candidates.length;
  sections.push(
    paint.dim(`${n} of ${view.searched} configurations passed all four gates (VRAM, quality, latency, budget).`),
  );
  return sections.join("\n\n") + "\n";
}
