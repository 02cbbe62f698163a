import type { FormatEntry } from "../core/catalog/format-entries.js";
import { paragraph, renderTable } from "./table.js";

/** The weight formats as a table: bits per weight, file format and the backends that serve each. */
export function renderFormatsList(formats: readonly FormatEntry[], columns: number | undefined): string {
  const rows = formats.map((f) => [f.name, f.bits_per_weight.toFixed(2), f.format, f.served_by.join(", ")]);
  return (
    renderTable(rows, { head: ["format", "bits/weight", "file format", "served by"], align: ["left", "right", "left", "left"], columns }) +
    "\n" +
    paragraph(
      "--quant takes these names. bits/weight: as stored, scales included. A backend serves a format only on the GPUs it runs on, and FP8 needs FP8 tensor cores; 'list-models --formats --json' has each format's source.",
      columns,
    ) +
    "\n"
  );
}
