import type { CalibrationFactor } from "../core/calibrate/calibration-file.js";
import type { CalibrationReport, CalibrationRow, UnmappedEntry } from "../core/calibrate/fit.js";
import type { SkipReason } from "../core/calibrate/measurement.js";
import type { CalibrationMetric } from "../core/calibrate/metrics.js";
import { paintFor, type Style } from "./paint.js";
import { paragraph, renderTable } from "./table.js";

/** What each metric is, in a few words. */
const METRIC_WORDS: Readonly<Record<CalibrationMetric, string>> = {
  decode: "decode, one request",
  prefill: "prefill",
  load: "throughput under load",
};

/** Why rows were left out, after "N rows:". */
function unmappedWords(u: UnmappedEntry): string {
  const name = u.name ?? "";
  switch (u.reason) {
    case "no_gpu":
      return "no GPU named: give --hardware";
    case "unknown_gpu":
      return `GPU "${name}" is not one the database knows: give --hardware (see list-hardware)`;
    case "no_model":
      return "no model named: give --model";
    case "unknown_model":
      return `model "${name}" is not in the registry: give --model if it is one (see list-models)`;
    case "no_quant":
      return "no weight format named: give --quant";
    case "unknown_quant":
      return `weight format "${name}" is not one the planner knows: give --quant`;
    case "quant_mismatch":
      return `weight format ${name} is not what the planner's format of that name stores`;
    case "no_backend":
      return "no serving backend named: give --backend";
    case "unknown_backend":
      return `backend "${name}" is not one the planner knows: give --backend`;
    case "not_served":
      return `${name} is not served on that GPU`;
    case "split_unknown":
      return `${name} GPUs, and no word on how they were split: give --tp or --replicas`;
    case "not_deployable":
      return "a split of GPUs the backend cannot run";
    case "beyond_context":
      return `${name} tokens of context, beyond the model's window`;
    case "no_concurrency":
      return "neither latencies nor a concurrency limit, so the requests in flight are unknown";
  }
}

/** Why a prefill row was compared, not fitted. */
const NOT_FITTED_WORDS: Readonly<Record<NonNullable<CalibrationRow["not_fitted"]>, string>> = {
  deep_context: "a prompt after a deep context",
  memory_bound: "a prompt too short to be compute-bound",
  short_prompt: "a prompt of fewer than 128 tokens (small-batch kernels)",
};

/** Why records gave no measurement, after "N records skipped:". */
const SKIP_WORDS: Readonly<Record<SkipReason, string>> = {
  combined_test: "combined prompt-and-generation tests, neither speed alone",
  incomplete: "without the figures a measurement needs",
  no_requests: "no request completed",
  not_on_gpu: "no layer on the GPU (-ngl 0)",
};

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A factor as printed: ×0.767, with the KV cache's own where fitted. */
function factorText(f: CalibrationFactor): string {
  const kv = f.kv_factor !== undefined ? `, KV ×${f.kv_factor.toFixed(2)}` : "";
  return `×${f.factor.toFixed(3)}${kv}`;
}

/** Errors before → after. */
const change = (before: number, after: number) => `${percent(before)} → ${percent(after)}`;

/** A factor's held-out error, or why there is none. */
function heldOutText(f: CalibrationFactor): string {
  if (!f.held_out) return "none (1 row)";
  return `${change(f.held_out.mape_before, f.held_out.mape_after)} by ${f.held_out.method === "leave_one_model_out" ? "model" : "row"}`;
}

/** The test a row ran, in words. */
function testText(r: CalibrationRow): string {
  const after = r.depth_tokens > 0 ? ` after ${r.depth_tokens}` : "";
  if (r.metric === "decode") return `decode ${r.output_tokens}${after}`;
  if (r.metric === "prefill") return `prompt ${r.prompt_tokens}${after}${r.not_fitted ? " *" : ""}`;
  const split = [r.gpus_per_replica > 1 ? `${r.gpus_per_replica} GPUs` : "", r.replicas > 1 ? `1 of ${r.replicas} replicas` : ""].filter((t) => t).join(", ");
  return `${(r.concurrency ?? 1).toFixed(1)} in flight, ${Math.round(r.prompt_tokens)}+${Math.round(r.output_tokens)}${split ? ` (${split})` : ""}`;
}

/** A figure and its error against the measurement. */
const against = (predicted: number, measured: number) => {
  const e = predicted / measured - 1;
  return `${predicted.toFixed(1)} ${e >= 0 ? "+" : "−"}${Math.abs(e * 100).toFixed(1)}%`;
};

/** Items grouped by a key, in first-seen order. */
function groups<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return [...map];
}

/** The human report of `calibrate`: files read, factors with their errors, every row, and what was left out. */
export function renderCalibration(report: CalibrationReport, out: string | null, style: Style): string {
  const paint = paintFor(style.color);
  const { columns } = style;
  const { calibration, rows, unmapped, skipped, declined } = report;
  const sections: string[] = [];
  const files = calibration.sources
    .map((s) => paragraph(`${s.file}: ${s.tool} ${s.format}, ${plural(s.measurements, "measurement")}, ${s.used} used`, columns, "  ", "    "))
    .join("\n");
  sections.push(`${paint.bold("Read")}\n${files}`);
  for (const [key, factors] of groups(calibration.factors, (f) => `${f.gpu} on ${f.backend}`)) {
    const table = renderTable(
      factors.map((f) => [f.model ?? "every model", METRIC_WORDS[f.metric], factorText(f), String(f.rows), change(f.fit.mape_before, f.fit.mape_after), heldOutText(f)]),
      { head: ["model", "corrects", "factor", "rows", "error, fit", "held out"], align: ["left", "left", "left", "right", "left", "left"], columns },
    );
    sections.push(`${paint.bold(paragraph(`Factors: ${key}`, columns))}\n${table}`);
  }
  if (calibration.factors.length > 0) {
    sections.push(
      paint.dim(
        paragraph(
          "factor: the measured speed over the physics' (decode: of reading the weights, and the KV cache's own where the rows span context lengths). " +
            "error: the rows' mean absolute error, the physics alone → with the factor; held out: each row (or each model's rows) predicted by a factor fitted without it.",
          columns,
        ),
      ),
    );
  }
  if (declined.length > 0) {
    const lines = declined.map((f) =>
      paragraph(
        `${f.gpu} on ${f.backend}${f.model !== undefined ? `, ${f.model}` : ""}: no ${METRIC_WORDS[f.metric]} factor: ${factorText(f)} would take its ${plural(f.rows, "row")} from ${change(f.fit.mape_before, f.fit.mape_after)} (the physics' shape across them is off, not its scale)`,
        columns,
        "  - ",
        "    ",
      ),
    );
    sections.push(`${paint.bold("Not written")}\n${lines.join("\n")}`);
  }
  for (const [file, own] of groups(rows, (r) => r.file)) {
    const configurations = [...new Set(own.map((r) => `${r.model} ${r.quant}`))];
    const one = configurations.length === 1;
    const table = renderTable(
      own.map((r) => [
        String(r.record),
        ...(one ? [] : [`${r.model} ${r.quant}`]),
        testText(r),
        r.measured.toFixed(1),
        against(r.predicted, r.measured),
        against(r.calibrated, r.measured),
      ]),
      {
        head: ["#", ...(one ? [] : ["model"]), "test", "measured", "physics", "calibrated"],
        align: ["right", ...(one ? [] : ["left" as const]), "left", "right", "right", "right"],
        columns,
      },
    );
    const on = [...new Set(own.map((r) => `${r.gpu}, ${r.backend}`))].join("; ");
    const what = paint.dim(paragraph(`tok/s of ${one ? `${configurations[0]} ` : ""}on ${on}`, columns));
    const why = [...new Set(own.map((r) => r.not_fitted).filter((w) => w !== undefined))].map((w) => NOT_FITTED_WORDS[w]);
    const note = why.length > 0 ? `\n${paint.dim(paragraph(`* compared, not fitted: ${why.join("; ")} (the prefill factor corrects a compute-bound prompt from an empty cache)`, columns))}` : "";
    sections.push(`${paint.bold(paragraph(`Rows of ${file}`, columns))}\n${what}\n${table}${note}`);
  }
  const left = [
    ...unmapped.map((u) => paragraph(`${u.file}: ${plural(u.rows, "row")}: ${unmappedWords(u)}`, columns, `  ${paint.warn("!")} `, "    ")),
    ...groupSkipped(skipped).map(([file, reason, n]) => paragraph(`${file}: ${plural(n, "record")} skipped: ${SKIP_WORDS[reason]}`, columns, "  - ", "    ")),
  ];
  if (left.length > 0) sections.push(`${paint.bold("Not used")}\n${left.join("\n")}`);
  if (out !== null) sections.push(paint.good(paragraph(`Wrote ${out}: use it with --calibration on plan, predict and validate.`, columns)));
  return sections.join("\n\n") + "\n";
}

/** Skipped records counted by file and reason. */
function groupSkipped(skipped: CalibrationReport["skipped"]): [string, SkipReason, number][] {
  const counts = new Map<string, [string, SkipReason, number]>();
  for (const s of skipped) {
    const key = `${s.file}|${s.reason}`;
    const entry = counts.get(key) ?? [s.file, s.reason, 0];
    entry[2]++;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
