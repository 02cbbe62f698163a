import type { ModelEntryView } from "../core/catalog/model-entries.js";
import { paragraph, renderTable } from "./table.js";

/** A context window in K tokens. */
const window = (tokens: number) => (tokens >= 1024 ? `${Math.round(tokens / 1024)}K` : String(tokens));

/** The model registry as a table: a mixture of experts shows its active parameters beside the total. */
export function renderModelsList(models: readonly ModelEntryView[], columns: number | undefined): string {
  const rows = models.map((m) => [
    m.name,
    m.params_b.toFixed(2),
    m.experts ? m.active_params_b.toFixed(2) : "",
    m.kv_kib_per_token.toFixed(0),
    window(m.context_window),
  ]);
  return (
    renderTable(rows, {
      head: ["model", "params B", "active B", "KV KiB/token", "context"],
      align: ["left", "right", "right", "right", "right"],
      columns,
    }) +
    "\n" +
    paragraph(
      "active B: the parameters one token uses (a mixture of experts). --model takes a name, a Hugging Face id or an Ollama tag; 'list-models --json' has them all, every figure and its source; 'list-models --formats' lists the weight formats --quant takes.",
      columns,
    ) +
    "\n"
  );
}
