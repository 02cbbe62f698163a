import type { ModelValidation, ValidationReport } from "../core/validation/validation.js";
import type { ErrorSummary, MetricSummary } from "../core/validation/validation-summary.js";
import { paintFor, type Style } from "./paint.js";
import { paragraph, renderTable } from "./table.js";

/** Each validated quantity in a few words, for the summary's first column. */
const METRIC_LABELS: Readonly<Record<ModelValidation["name"], string>> = {
  vram: "VRAM",
  multi_agent_throughput: "concurrent tok/s",
  per_request_efficiency: "per-request η",
  mean_efficiency: "mean η",
  service_time: "service time",
  decode_speed: "decode",
  multi_gpu_decode_speed: "multi-GPU decode",
  prefill: "prefill",
  throughput_at_load: "throughput at load",
  serving: "serving",
};

/** A serving group's words: its figure ("serving TTFT p50"), or the rows kept from the fit. */
const SERVING_FIGURES: readonly [string, string][] = [
  ["output throughput", "throughput"],
  ["time to first token", "TTFT p50"],
  ["time per output token", "TPOT p50"],
  ["inter-token latency", "ITL p50"],
];

/** A quantity's label: its words, and the backend and platform of its group ("decode llama.cpp/apple"). */
function label(m: MetricSummary): string {
  if (m.name === "serving") {
    const figure = SERVING_FIGURES.find(([words]) => m.quantity.includes(words))?.[1] ?? "";
    return m.quantity.endsWith("kept from the fit") ? `serving kept out` : `serving ${figure}`;
  }
  const words = m.name === "prefill" && m.unit === "tok/s" ? "generation" : METRIC_LABELS[m.name];
  const group = [m.backend, m.platform].filter((p) => p !== undefined).join("/");
  return group === "" ? words : `${words} ${group}`;
}

/** A relative error in percent: one decimal below 10%, whole above. */
function percent(x: number): string {
  // A prediction that grows without bound (a queue that never drains) is off by an unbounded share.
  if (!Number.isFinite(x)) return "∞";
  const p = x * 100;
  return p < 9.95 ? p.toFixed(1) : p.toFixed(0);
}

/** One cell: "median/worst" in percent, or "—" where the set predicts none of the points. */
function cell(e: ErrorSummary): string {
  return e.median_abs_error === null || e.worst_abs_error === null ? "—" : `${percent(e.median_abs_error)}/${percent(e.worst_abs_error)}`;
}

/** A set's name as the head says it. */
const setName = (s: string) => (s === "tr133" ? "TR133" : s);

/**
 * The `validate` summary, one screen: a line per validated quantity with its points (fitted and held
 * out) and, per coefficient set, the median and worst absolute error on each.
 */
export function renderValidationSummary(report: ValidationReport, summary: readonly MetricSummary[], style: Style): string {
  const paint = paintFor(style.color);
  const sets = Object.keys(report.coefficients);
  const rows = summary.map((m) => [
    label(m),
    `${m.points.in_sample}+${m.points.held_out}`,
    ...sets.flatMap((s) => [cell(m.sets[s]!.in_sample), cell(m.sets[s]!.held_out)]),
  ]);
  const table = renderTable(rows, {
    head: ["quantity", "points fit+out", ...sets.flatMap((s) => [`${setName(s)} fitted`, `${setName(s)} held-out`])],
    align: ["left", "right", ...sets.flatMap(() => ["right", "right"] as const)],
    columns: style.columns,
  });
  const files = sets.map((s) => `${setName(s)} ${report.coefficients[s]}`).join(", ");
  const legend = paragraph(
    `Each cell: the median/worst absolute error, in % of the measured value, of the points that set predicts (—: none). fitted: the points the default coefficients were fitted on (in-sample); held-out: the others. Coefficients: ${files}. --detail prints every point, --json the full report.`,
    style.columns,
  );
  return `${paint.bold("Validation against the measurements: median/worst error, %")}\n${table}\n${paint.dim(legend)}\n`;
}
