import type { Scope } from "../../core/planner/results.js";
import { money } from "../format.js";
import { escapeHtml, htmlTable } from "./markup.js";

/** One constraint: its name, its value in words, and the request field that sets it. */
type Constraint = [name: string, value: string, field: string];

/** The basis of a price in words: "cloud on demand", "owned amortised", "given". */
const basis = (b: string) => b.replaceAll("_", " ");

/** Every figure of a plan's scope, as constraints a person reads. */
function constraintsOf(s: Scope): Constraint[] {
  const gpus = s.hardware.map((g) => `${g.name} (${g.memory_gb} GB, ${g.bandwidth_gbps} GB/s, $${g.usd_per_hour}/h ${basis(g.price_basis)})`);
  return [
    ["laws", s.laws === "physics" ? "the physics (memory roofline, serving laws)" : "the TR133 reference's coefficient file", "modelsPath"],
    s.size_class === null
      ? ["models", s.models.join(", "), "model"]
      : ["model size", `${s.size_class} → ${s.models.join(", ")}${s.size_class_substituted ? " (none within 50%: the closest)" : " (every model within 50%)"}`, "modelSize"],
    ["weight formats", s.quants?.join(", ") ?? "every format a backend serves on the GPU", "quant"],
    ["backends", s.backends?.join(", ") ?? "every backend that runs on the GPU", "backend"],
    ["hardware", gpus.length <= 3 ? gpus.join("; ") : `${gpus.length} GPUs: ${s.hardware.map((g) => g.name).join(", ")}`, "hardware"],
    ["price basis", [...new Set(s.hardware.map((g) => basis(g.price_basis)))].join(", "), "gpuUsdPerHour"],
    ["request rate", `${s.request_rate} req/s`, "requestRate"],
    ["prompt", `${s.prompt_tokens} tokens`, "promptTokens"],
    ["output", `${s.output_tokens} tokens`, "outputTokens"],
    ["context length", `${s.context_length} tokens`, "contextLength"],
    ["p95 latency SLO", `${s.latency_slo_ms} ms`, "latencySloMs"],
    ["p95 first-token SLO", s.ttft_slo_ms === null ? "none" : `${s.ttft_slo_ms} ms`, "ttftSloMs"],
    ["quality target", `≥ ${s.quality_target}`, "qualityTarget"],
    ["unknown quality", s.unknown_quality === "pass" ? "passes the quality gate (flagged)" : "rejected", "unknownQuality"],
    ["budget", s.budget_usd_per_month === null ? "none" : `${money(s.budget_usd_per_month)} / month`, "budgetUsdPerMonth"],
    ["GPUs at most", `${s.max_gpus} billed`, "maxGpus"],
    [
      "GPUs per replica",
      s.tensor_parallel === null ? "1 when the model fits one GPU, else each split from the fewest it fits on" : s.tensor_parallel === "auto" ? "each split weighed (auto)" : String(s.tensor_parallel),
      "tensorParallel",
    ],
    ["KV cache type", s.kv_dtype, "kvDtype"],
  ];
}

/** Fields that are absent from the scope's defaults yet took the default when the request left them out. */
const UNSET_MEANS_DEFAULT: Readonly<Record<string, (s: Scope) => boolean>> = {
  modelsPath: (s) => s.laws === "physics",
  quant: (s) => s.quants === null,
  backend: (s) => s.backends === null,
  gpuUsdPerHour: (s) => s.hardware.every((g) => g.price_basis !== "given"),
  ttftSloMs: (s) => s.ttft_slo_ms === null,
  tensorParallel: (s) => s.tensor_parallel === null,
};

/** The constraints table: every figure that shaped the plan, each default marked as one. */
export function constraintsTable(s: Scope): string {
  const rows = constraintsOf(s);
  const isDefault = (field: string) => s.defaults.includes(field) || (UNSET_MEANS_DEFAULT[field]?.(s) ?? false);
  const shown = new Set(rows.map(([, , f]) => f));
  const others = s.defaults.filter((f) => !shown.has(f));
  const table = htmlTable({
    head: ["constraint", "value", "set by"],
    rows: rows.map(([name, value, field]) => [name, value, isDefault(field) ? "default" : "the request"]),
  });
  const defaults = rows.filter(([, , f]) => isDefault(f)).length;
  const note = `${defaults} of these ${rows.length} took their default${others.length > 0 ? `; so did ${others.join(", ")}` : ""}: each shaped the answer as much as what was asked.`;
  return `${table}<p class="note">${escapeHtml(note)}</p>`;
}
