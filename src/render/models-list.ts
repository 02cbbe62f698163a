import type { ModelsFile } from "../schema/registry.js";
import { renderTable } from "./table.js";

/** The model registry as a table. */
export function renderModelsList(models: ModelsFile["models"], columns: number | undefined): string {
  const rows = models.map((m) => [
    m.name,
    m.params_b.toFixed(2),
    String(m.n_layers),
    String(m.n_kv_heads),
    String(m.d_head),
    String(m.context_window),
  ]);
  return (
    renderTable(rows, {
      head: ["model", "params (B)", "layers", "KV heads", "head dim", "context window"],
      align: ["left", "right", "right", "right", "right", "right"],
      columns,
    }) + "\n"
  );
}
