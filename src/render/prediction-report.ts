import type { GateCheck } from "../core/search/predict.js";
import type { GateJson } from "../commands/predict.js";
import { GATE_LABELS } from "../core/search/rejection.js";
import type { Scenario } from "../core/catalog/types.js";
import { promptTokens } from "../core/search/workload.js";
import type { PredictionJson } from "../commands/predict.js";
import { formatAdmitted } from "./plan-report.js";
import { quality, throughputBasis, throughputSource, vramParts } from "./format.js";
import type { Paint } from "./paint.js";
import { paragraph, renderTable } from "./table.js";


/** A gate's value, limit or margin in its unit; an unknown one says so. */
function amount(x: number | null, unit: GateCheck["unit"], signed = false): string {
  if (x === null) return "unknown";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const sign = signed && x > 0 ? "+" : "";
  switch (unit) {
    case "tokens":
      return `${sign}${x.toFixed(0)} tokens`;
    case "GB":
      return `${sign}${x.toFixed(2)} GB`;
    case "score":
      return `${sign}${x.toFixed(3)}`;
    case "tok/s":
      return `${sign}${x.toFixed(1)} tok/s`;
    case "ms":
      return `${sign}${x.toFixed(1)} ms`;
    case "$/month":
      return `${sign}$${x.toFixed(2)}`;
  }
}

/** The prompt's prefill as printed: its time and the bound that set it. */
function prefill(p: PredictionJson): string {
  const { prefill: src } = p.provenance;
  if (src.source === "none") return "not modelled (the reference)";
  const bound = src.bound === "compute" ? "compute-bound" : "one pass over the weights";
  return `${p.prefill_ms.toFixed(1)} ms on a free replica (${src.source === "unknown" ? `${bound}: the GPU publishes no TFLOPS` : bound})`;
}

/** A gate's prediction or margin, or what stands for it when it is not a number. */
function predicted(g: GateJson, x: number | undefined, signed = false): string {
  if (g.prediction === "unknown") return "unknown";
  if (g.prediction === "unbounded") return signed ? "−∞" : "∞";
  return amount(x ?? null, g.unit, signed);
}

/** The human report of `predict`: the six predictions with sources, then every gate with its margin. */
export function renderPrediction(p: PredictionJson, request: Scenario, paint: Paint, columns: number | undefined): string {
  const src = p.provenance;
  const p95 = p.p95_latency_ms === null ? "∞ (saturated)" : `${p.p95_latency_ms.toFixed(1)} ms`;
  const predictions = renderTable(
    [
      ["VRAM per GPU", `${p.vram_gb.toFixed(2)} GB of ${Number(request.gpu.vram_gb.toFixed(2))} GB`, src.vram.source],
      ["  of which", vramParts(p), src.vram.source],
      ["throughput, one request", `${p.throughput_tps.toFixed(1)} tok/s (${throughputBasis(src.throughput)})`, throughputSource(src.throughput)],
      ["scaling η", `${p.eta.toFixed(3)} → ${p.total_throughput_tps.toFixed(1)} tok/s in total`, src.scaling.source],
      ["quality", quality(p), src.quality.source],
      ["monthly cost", `$${p.monthly_cost.toFixed(2)} ($${p.cost_per_1m_tok.toFixed(4)} per 1M tokens)`, src.cost.source],
      ["prefill", prefill(p), src.prefill.source],
      ["time per output token", `${p.tpot_ms.toFixed(2)} ms at ${p.concurrency} request${p.concurrency > 1 ? "s" : ""} per replica`, src.scaling.source],
      ["p95 first token", p.ttft_ms === null ? "∞ (saturated)" : `${p.ttft_ms.toFixed(1)} ms`, src.latency.source],
      ["p95 latency", `${p95}, utilisation ${(p.utilisation * 100).toFixed(1)}%`, src.latency.source],
    ],
    { head: ["prediction", "", "source"], columns },
  );
  const gates = renderTable(
    p.gates.map((g) => [
      GATE_LABELS[g.gate],
      g.passed ? paint.good("pass") : paint.bad("FAIL"),
      predicted(g, g.value),
      amount(g.limit, g.unit),
      predicted(g, g.margin, true),
    ]),
    { head: ["gate", "", "predicted", "limit", "margin"], align: ["left", "left", "right", "right", "right"], columns },
  );
  const verdict = p.passes_all_gates
    ? paint.good(`Passes all ${p.gates.length} gates.`)
    : paint.bad(`Fails: ${p.gates.filter((g) => !g.passed).map((g) => GATE_LABELS[g.gate]).join(", ")}.`);
  const warnings =
    p.warnings.length === 0 ? "" : `\n\n${paint.bold("Warnings")}\n${p.warnings.map((w) => paragraph(w, columns, `  ${paint.warn("!")} `, "    ")).join("\n")}`;
  const title = paint.bold(paragraph(`Prediction: ${formatAdmitted(p)} on ${request.gpu.name}`, columns));
  const workload = paint.dim(
    paragraph(
      `${request.requestRate} req/s × ${promptTokens(request)} prompt + ${request.outputTokens} output tokens, context ${request.contextLength}; ` +
        `SLO ${request.latencySloMs} ms, quality ≥ ${request.qualityTarget}, ${Number.isFinite(request.budgetUsdPerMonth) ? `budget $${request.budgetUsdPerMonth.toFixed(2)}/month` : "no budget"}`,
      columns,
    ),
  );
  const scaling = paint.dim(paragraph(`Scaling: ${src.scaling.detail}.`, columns));
  return `${title}\n${workload}\n\n${predictions}\n${scaling}\n\n${gates}\n${verdict}${warnings}\n`;
}
