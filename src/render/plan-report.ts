import type { Candidate } from "../core/search/candidate.js";
import { lastGate } from "../core/search/gate-tally.js";
import { PROVENANCE_LEGEND } from "../core/search/provenance.js";
import { GATE_LABELS, type Gate, type Rejection } from "../core/search/rejection.js";
import { formatSizeClass } from "../core/model/size-class.js";
import type { Admitted, Suggestion } from "../core/search/suggest.js";
import type { Scenario } from "../core/catalog/types.js";
import { promptTokens } from "../core/search/workload.js";
import { quality, qualityCell, throughputBasis, throughputSource, vramParts } from "./format.js";
import type { Paint } from "./paint.js";
import { paragraph, renderTable } from "./table.js";

/** Everything the human plan report shows. */
export interface PlanView {
  request: Scenario;
  /** The models the size class selected. */
  models: readonly string[];
  /** No model was within the size class: the closest was planned instead. */
  substituted?: boolean;
  candidates: readonly Candidate[];
  /** How many configurations passed every gate (more than `candidates` when only the best were evaluated). */
  passed: number | undefined;
  /** (model, quant, backend) configurations searched. */
  searched: number;
  rejectedByGate: Record<Gate, number>;
  /** The gates the request met, in order. */
  gates: readonly Gate[];
  /** Every rejected configuration, with --explain. */
  rejected?: readonly Rejection[] | undefined;
  /** One-flag changes, when nothing fits or with --explain. */
  suggestions?: readonly Suggestion[] | undefined;
}



const money = (x: number) => `$${x.toFixed(2)}`;
/** Milliseconds to one decimal; a saturated deployment's latency is unbounded. */
const ms = (x: number | null) => (x === null ? "∞" : x.toFixed(1));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "2 GPUs", or "2 replicas of 4 GPUs" when each replica spans several. */
function formatReplicas(replicas: number, tensorParallel: number): string {
  return tensorParallel > 1 ? `${plural(replicas, "replica")} of ${tensorParallel} GPUs` : plural(replicas, "GPU");
}

/** ", 4 requests per GPU" (per replica when a replica spans several GPUs); nothing for one. */
function formatConcurrency(concurrency: number, tensorParallel: number): string {
  return concurrency > 1 ? `, ${concurrency} requests per ${tensorParallel > 1 ? "replica" : "GPU"}` : "";
}

/** "llama3.2-3b Q4_K_M ollama ×2": a configuration in one breath. */
export function formatAdmitted(a: Admitted): string {
  const tp = a.tensor_parallel > 1 ? ` (${a.tensor_parallel} GPUs each)` : "";
  return `${a.model} ${a.quant} ${a.backend} ×${a.replicas}${tp}${formatConcurrency(a.concurrency, a.tensor_parallel)}`;
}

/** The constraints table: what was asked. */
function constraints(view: PlanView, columns: number | undefined): string {
  const { request: r } = view;
  const gpu = r.gpu;
  return renderTable(
    [
      r.sizeClass.kind === "models"
        ? ["model", view.models.join(", ")]
        : ["model size", `${formatSizeClass(r.sizeClass)} → ${view.models.join(", ")}${view.substituted ? " (none within 50%: the closest)" : ""}`],
      ["hardware", `${gpu.name} (${Number(gpu.vram_gb.toFixed(2))} GB, ${gpu.bandwidth_gbps} GB/s, $${gpu.usd_per_hour}/h)`],
      ["request rate", `${r.requestRate} req/s × ${promptTokens(r)} prompt + ${r.outputTokens} output tokens`],
      ["context length", `${r.contextLength} tokens`],
      ["p95 latency SLO", `${r.latencySloMs} ms`],
      ["quality target", `≥ ${r.qualityTarget}`],
      ["budget", Number.isFinite(r.budgetUsdPerMonth) ? `${money(r.budgetUsdPerMonth)} / month` : "none"],
    ],
    { columns },
  );
}

/** The recommendation: configuration, performance, quality and cost, each figure with its source. */
function recommendation(c: Candidate, view: PlanView, paint: Paint, columns: number | undefined): string {
  const { request: r } = view;
  const p = c.provenance;
  const gpus = plural(c.gpus, "GPU");
  const title = paint.bold(
    paragraph(`Recommendation: ${c.model} ${c.quant} on ${c.backend} × ${formatReplicas(c.replicas, c.tensor_parallel)}${formatConcurrency(c.concurrency, c.tensor_parallel)}`, columns),
  );
  const performance = renderTable(
    [
      ["VRAM per GPU", `${c.vram_gb.toFixed(2)} GB of ${Number(r.gpu.vram_gb.toFixed(2))} GB`, p.vram.source],
      ["  of which", vramParts(c), p.vram.source],
      ["throughput, one request", `${c.throughput_tps.toFixed(1)} tok/s (${throughputBasis(p.throughput)})`, throughputSource(p.throughput)],
      ["throughput, total", `${c.total_throughput_tps.toFixed(1)} tok/s (η ${c.eta.toFixed(3)})`, `${p.scaling.source} η`],
      ...(p.prefill.source === "none"
        ? []
        : [
            ["prefill", `${c.prefill_ms.toFixed(1)} ms for ${promptTokens(r)} prompt tokens`, p.prefill.source],
            ["p95 first token", `${ms(c.ttft_ms)} ms${r.ttftSloMs !== undefined ? ` (SLO ${r.ttftSloMs} ms)` : ""}`, p.latency.source],
          ]),
      ["p95 latency", `${ms(c.p95_latency_ms)} ms (SLO ${r.latencySloMs} ms)`, p.latency.source],
      ["utilisation", `${(c.utilisation * 100).toFixed(1)}%`, p.latency.source],
    ],
    { head: ["performance", "", "source"], columns },
  );
  const qualityCost = renderTable(
    [
      ["quality", quality(c), p.quality.source],
      ["monthly cost", `${money(c.monthly_cost)} (${gpus})`, p.cost.source],
      ["cost per 1M tokens", `$${c.cost_per_1m_tok.toFixed(4)}`, p.cost.source],
    ],
    { head: ["quality and cost", "", "source"], columns },
  );
  const used = new Set([p.vram.source, p.throughput.source, p.scaling.source, p.latency.source, p.quality.source, p.cost.source, p.prefill.source]);
  const legend = paint.dim(
    [
      "Sources:",
      ...Object.entries(PROVENANCE_LEGEND)
        .filter(([k]) => used.has(k as never))
        .map(([k, v]) => paragraph(v, columns, `  ${k}: `, "    ")),
    ].join("\n"),
  );
  const warnings =
    c.warnings.length === 0
      ? paint.good("No warnings.")
      : [paint.bold("Warnings"), ...c.warnings.map((w) => paragraph(w, columns, `  ${paint.warn("!")} `, "    "))].join("\n");
  return [title, performance, qualityCost, legend, warnings].join("\n\n");
}

/** The next few survivors. */
function alternatives(rest: readonly Candidate[], columns: number | undefined): string {
  const rows = rest.map((c, i) => [
    String(i + 2),
    `${c.model} ${c.quant} ${c.backend}`,
    c.tensor_parallel > 1 ? `${c.replicas}×${c.tensor_parallel}` : String(c.gpus),
    String(c.concurrency),
    c.vram_gb.toFixed(2),
    qualityCell(c),
    ms(c.p95_latency_ms),
    money(c.monthly_cost),
  ]);
  return renderTable(rows, {
    head: ["#", "configuration", "GPUs", "conc.", "VRAM GB", "quality", "p95 ms", "per month"],
    align: ["right", "left", "right", "right", "right", "right", "right", "right"],
    columns,
  });
}

/** The gates a plan met, as words. */
const gateList = (view: PlanView) => view.gates.map((g) => GATE_LABELS[g]).join(", ");

/** When nothing survived: what each gate removed, and which removed the last. */
function noFit(view: PlanView, paint: Paint): string {
  const tally = view.rejectedByGate;
  const lines = [paint.bad(`No viable configuration: none of the ${view.searched} configurations passed all ${view.gates.length} gates.`)];
  for (const gate of view.gates) {
    if (tally[gate] > 0) lines.push(`  ${GATE_LABELS[gate]} gate removed ${tally[gate]}`);
  }
  const last = lastGate(tally);
  if (last) lines.push(`The ${GATE_LABELS[last]} gate removed the last of them.`);
  return lines.join("\n");
}

/** One-flag changes: when nothing fits, the least relaxations; otherwise how far each constraint can go. */
function suggestions(view: PlanView, paint: Paint, nothingFits: boolean, columns: number | undefined): string {
  const list = view.suggestions ?? [];
  const title = paint.bold(nothingFits ? "The smallest change that makes a plan fit (one flag at a time)" : "How far each constraint can go (one flag at a time)");
  if (list.length === 0) return `${title}\n  No single flag admits a configuration; relax several, or try --model-size all.`;
  const shown = list.map((s) => {
    const value = s.flag === "--budget" ? Number(s.value).toFixed(2) : s.flag === "--hardware" ? `"${s.value}"` : String(s.value);
    return [`${s.flag} ${value}`, formatAdmitted(s.admits)];
  });
  const width = Math.max(...shown.map(([a]) => a?.length ?? 0));
  return [title, ...shown.map(([a, b]) => paragraph(b ?? "", columns, `  ${(a ?? "").padEnd(width)}  → `, " ".repeat(width + 7)))].join("\n");
}

/** Every rejected configuration, with the gate and the figure that failed it. */
function rejectedTable(rejected: readonly Rejection[], columns: number | undefined): string {
  const rows = rejected.map((r) => [`${r.model} ${r.quant} ${r.backend}`, GATE_LABELS[r.gate], r.reason]);
  return renderTable(rows, { head: ["configuration", "gate", "why"], columns });
}

/** The human plan report: constraints, recommendation, alternatives, survivors; explanations on request. */
export function renderPlanReport(view: PlanView, paint: Paint, columns: number | undefined): string {
  const sections = [`${paint.bold("Constraints")}\n${constraints(view, columns)}`];
  const [best, ...rest] = view.candidates;
  if (best) {
    sections.push(recommendation(best, view, paint, columns));
    const shown = rest;
    if (shown.length > 0) sections.push(`${paint.bold("Alternatives")}\n${alternatives(shown, columns)}`);
    sections.push(
      paint.dim(
        paragraph(
          view.passed === undefined
            ? `${rest.length === 0 ? "It passed" : `These ${1 + rest.length} passed`} all ${view.gates.length} gates (${gateList(view)}); the search skipped configurations that could not rank above them (--explain lists every one).`
            : `${view.passed} of ${view.searched} configurations passed all ${view.gates.length} gates (${gateList(view)}).`,
          columns,
        ),
      ),
    );
  } else {
    sections.push(noFit(view, paint));
  }
  if (view.rejected && view.rejected.length > 0) {
    sections.push(`${paint.bold(`Why the other ${plural(view.rejected.length, "configuration")} lost`)}\n${rejectedTable(view.rejected, columns)}`);
  }
  if (view.suggestions) sections.push(suggestions(view, paint, !best, columns));
  return sections.join("\n\n") + "\n";
}
