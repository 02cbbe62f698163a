import type { ModelEntryView } from "../core/model-entries.js";
import { paragraph, renderTable } from "./table.js";

/** A context window in K tokens. */
const window = (tokens: number) => (tokens >= 1024 ? `${Math.round(tokens / 1024)}K` : String(tokens));

/** The model registry as a table: a mixture of experts shows its active parameters beside the total. */
export function renderModelsList(models: readonly ModelEntryView[], columns: number | undefined): string {
  const rows = models.map((m) => [
    m.name,
    m.params_b.toFixed(2),
    m.experts ? m.active_params_b.toFixed(2) : "",
    String(m.n_layers),
    m.kv_kib_per_token.toFixed(0),
    window(m.context_window),
    m.aliases.find((a) => a.includes(":")) ?? "",
  ]);
  return (
    renderTable(rows, {
      head: ["model", "params B", "active B", "layers", "KV KiB/token", "context", "Ollama tag"],
      align: ["left", "right", "right", "right", "right", "right", "left"],
      columns,
    }) +
    "\n" +
    paragraph("active B: the parameters one token uses (a mixture of experts). 'list-models --json' has every figure and its source.", columns) +
    "\n"
  );
}
