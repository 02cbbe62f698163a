import type { ModelValidation, ValidationReport } from "../core/validation/validation.js";
import { paintFor, type Paint, type Style } from "./paint.js";
import { paragraph, renderTable } from "./table.js";

/** A value in a model's unit. */
function value(x: number | null, unit: string): string {
  if (x === null || !Number.isFinite(x)) return "—";
  if (unit === "ratio") return x.toFixed(3);
  if (unit === "GB") return x.toFixed(2);
  return x.toFixed(1);
}

/** A signed error in a model's unit. */
function signed(x: number, unit: string): string {
  return (x > 0 ? "+" : "") + value(x, unit);
}

/** A signed relative error. */
function percent(x: number): string {
  return `${x > 0 ? "+" : ""}${(x * 100).toFixed(0)}%`;
}

/** One model: every point with each set's prediction and error, then each set's accuracy. */
function renderModel(m: ModelValidation, sets: string[], paint: Paint, columns: number | undefined): string {
  const head = ["point", `measured ${m.unit === "ratio" ? "" : m.unit}`.trim()];
  for (const s of sets) head.push(s, "error");
  head.push("in-sample");
  const rows = m.points.map((p) => {
    const row = [p.label, value(p.measured, m.unit)];
    for (const s of sets) {
      const predicted = p.predicted[s];
      const missing = predicted === null || predicted === undefined;
      row.push(value(missing ? null : predicted, m.unit), missing ? "—" : m.unit === "tok/s" ? percent(predicted / p.measured - 1) : signed(predicted - p.measured, m.unit));
    }
    row.push(p.in_sample ? "yes" : "no");
    return row;
  });
  const points = renderTable(rows, {
    head,
    align: ["left", "right", ...sets.flatMap(() => ["right", "right"] as const), "left"],
    columns,
  });
  const summary = renderTable(
    sets.map((s) => {
      const st = m.stats[s]!;
      return [
        s,
        String(st.n),
        st.r2 === null ? "—" : st.r2.toFixed(3),
        value(st.rmse, m.unit),
        st.mape === null ? "—" : `${(st.mape * 100).toFixed(1)}%`,
        st.median_ape === null ? "—" : `${(st.median_ape * 100).toFixed(1)}%`,
        st.worst === null ? "—" : `${st.worst.label}: ${m.unit === "tok/s" ? percent(st.worst.error / st.worst.measured) : signed(st.worst.error, m.unit)}`,
      ];
    }),
    { head: ["coefficients", "n", "R²", "RMSE", "MAPE", "median", "worst point"], columns },
  );
  return `${paint.bold(paragraph(`${m.name}: ${m.quantity} (${m.unit})`, columns))}\n${points}\n${summary}`;
}

/** The human `validate` report. */
export function renderValidation(report: ValidationReport, style: Style): string {
  const paint = paintFor(style.color);
  const { columns } = style;
  const sets = Object.keys(report.coefficients);
  const files = sets.map((s) => `  ${s}: ${report.coefficients[s]}`).join("\n");
  const sections = report.models.map((m) => renderModel(m, sets, paint, columns));
  return `${paint.bold("Coefficients")}\n${files}\n\n${sections.join("\n\n")}\n\n${paint.dim(
    paragraph("in-sample: the point was used to fit the default coefficients (scripts/fit-coefficients.ts).", columns),
  )}\n`;
}
