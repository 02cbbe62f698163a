import type { Scope } from "../../core/planner/results.js";
import { money } from "../format.js";
import { escapeHtml, htmlTable } from "./markup.js";

/** One constraint: its name, its value in words, and the request field that sets it (or who set it, in words). */
type Constraint = [name: string, value: string, field: string, setBy?: string];

/** The basis of a price in words: "cloud on demand", "owned amortised", "given". */
const basis = (b: string | null) => (b === null ? "no price" : b.replaceAll("_", " "));

/** A GPU's price as a constraint shows it: "$2.5/h cloud on demand", or "no price". */
const priceOf = (g: Scope["hardware"][number]) => (g.usd_per_hour === null ? "no price" : `$${g.usd_per_hour}/h ${basis(g.price_basis)}`);

/** Every figure of a plan's scope, as constraints a person reads. */
function constraintsOf(s: Scope): Constraint[] {
  const gpus = s.hardware.map((g) => `${g.name} (${g.memory_gb} GB, ${g.bandwidth_gbps} GB/s, ${priceOf(g)})`);
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
    ["workload", s.workload === null ? "none" : `${s.workload.preset}: the ${s.workload.statistic} request of ${s.workload.trace}`, "workload", s.workload === null ? "" : undefined],
    ["prompt", `${s.prompt_tokens} tokens`, "promptTokens", tokensSetBy(s, "prompt_tokens")],
    ["output", `${s.output_tokens} tokens`, "outputTokens", tokensSetBy(s, "output_tokens")],
    ["context length", `${s.context_length} tokens`, "contextLength", CONTEXT_SET_BY[s.context_source]],
    [`p${s.percentile} latency SLO`, `${s.latency_slo_ms} ms`, "latencySloMs"],
    [`p${s.percentile} first-token SLO`, s.ttft_slo_ms === null ? "none" : `${s.ttft_slo_ms} ms`, "ttftSloMs"],
    [`p${s.percentile} time per output token SLO`, s.tpot_slo_ms === null ? "none" : `${s.tpot_slo_ms} ms`, "tpotSloMs"],
    ["percentile", `p${s.percentile}: every latency SLO holds for this share of requests`, "percentile"],
    ["quality target", `≥ ${s.quality_target}`, "qualityTarget"],
    ["unknown quality", s.unknown_quality === "pass" ? "passes the quality gate (flagged)" : "rejected", "unknownQuality"],
    ["budget", s.budget_usd_per_month === null ? "none" : `${money(s.budget_usd_per_month)} / month`, "budgetUsdPerMonth"],
    ["GPUs at most", `${s.max_gpus} billed`, "maxGpus"],
    [
      "GPUs per replica",
      s.tensor_parallel === null ? "1 when the model fits one GPU, else each split from the fewest it fits on" : s.tensor_parallel === "auto" ? "each split weighed (auto)" : String(s.tensor_parallel),
      "tensorParallel",
    ],
    ["expert parallelism", s.expert_parallel ? "a mixture's experts spread whole over a replica's GPUs" : "off: a mixture's experts split like the rest", "expertParallel"],
    ["KV cache type", s.kv_dtype, "kvDtype"],
  ];
}

/** Who set a request's prompt or output tokens, when not the request: its workload preset, or the context. */
function tokensSetBy(s: Scope, field: "prompt_tokens" | "output_tokens"): string | undefined {
  if (s.workload?.set.includes(field)) return `the ${s.workload.preset} workload`;
  if (field === "prompt_tokens" && s.prompt_source === "context") return "the context less the output";
  return undefined;
}

/** Who set the context length, when not the request or the default. */
const CONTEXT_SET_BY: Readonly<Record<Scope["context_source"], string | undefined>> = {
  given: "the request",
  prompt_and_output: "the prompt and output",
  default: "default",
};

/** Fields that are absent from the scope's defaults yet took the default when the request left them out. */
const UNSET_MEANS_DEFAULT: Readonly<Record<string, (s: Scope) => boolean>> = {
  modelsPath: (s) => s.laws === "physics",
  quant: (s) => s.quants === null,
  backend: (s) => s.backends === null,
  gpuUsdPerHour: (s) => s.hardware.every((g) => g.price_basis !== "given"),
  ttftSloMs: (s) => s.ttft_slo_ms === null,
  tpotSloMs: (s) => s.tpot_slo_ms === null,
  tensorParallel: (s) => s.tensor_parallel === null,
  expertParallel: (s) => !s.expert_parallel,
};

/** The constraints table: every figure that shaped the plan, each default marked as one. */
export function constraintsTable(s: Scope): string {
  const rows = constraintsOf(s);
  const isDefault = (field: string) => s.defaults.includes(field) || (UNSET_MEANS_DEFAULT[field]?.(s) ?? false);
  const shown = new Set(rows.map(([, , f]) => f));
  const others = s.defaults.filter((f) => !shown.has(f));
  const table = htmlTable({
    head: ["constraint", "value", "set by"],
    rows: rows.map(([name, value, field, setBy]) => [name, value, setBy ?? (isDefault(field) ? "default" : "the request")]),
  });
  const defaults = rows.filter(([, , f, setBy]) => (setBy ?? (isDefault(f) ? "default" : "")) === "default").length;
  const note = `${defaults} of these ${rows.length} took their default${others.length > 0 ? `; so did ${others.join(", ")}` : ""}: each shaped the answer as much as what was asked.`;
  return `${table}<p class="note">${escapeHtml(note)}</p>`;
}
