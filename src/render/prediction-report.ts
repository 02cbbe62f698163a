import { latencyAt } from "../core/planner/candidate-latency.js";
import type { GateResult, PredictResult, SimulatedFigures } from "../core/planner/results.js";
import { formatAdmitted, priceWords, quality, throughputBasis, throughputSource, tokenSource, vramParts } from "./format.js";
import { paintFor, type Style } from "./paint.js";
import { paragraph, renderTable } from "./table.js";
import { GATE_LABELS, warningText } from "./words.js";
import { apiComparisonSection, reasoningRows, workloadPhrase } from "./workload-rows.js";

/** A gate's value, limit or margin in its unit; an unknown one says so. */
function amount(x: number | null, unit: GateResult["unit"], signed = false, scoreDigits = 3): string {
  if (x === null) return "unknown";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const sign = signed && x > 0 ? "+" : "";
  switch (unit) {
    case "tokens":
      return `${sign}${x.toFixed(0)} tokens`;
    case "GB":
    case "GiB":
      return `${sign}${x.toFixed(2)} ${unit}`;
    case "score":
      return `${sign}${x.toFixed(scoreDigits)}`;
    case "tok/s":
      return `${sign}${x.toFixed(1)} tok/s`;
    case "ms":
      return `${sign}${x.toFixed(1)} ms`;
    case "$/month":
      return `${sign}$${x.toFixed(2)}`;
  }
}

/** The prompt's prefill as printed: its time and the bound that set it. */
function prefill(p: PredictResult): string {
  const { prefill: src } = p.provenance;
  if (src.source === "none") return "not modelled (the reference)";
  const bound = src.bound === "compute" ? "compute-bound" : "one pass over the weights";
  const cached = p.cached_prompt_tokens !== undefined ? `, ${p.cached_prompt_tokens} of ${p.scope.prompt_tokens} prompt tokens from the prefix cache` : "";
  return `${p.prefill_ms.toFixed(1)} ms on a free replica (${src.source === "unknown" ? `${bound}: the GPU publishes no TFLOPS` : bound}${cached})`;
}

/** The replica simulator's figures, in a cell: the latencies at the percentile, goodput and batch. */
function simulatedWords(s: SimulatedFigures, percentile: number): string {
  const key = `p${percentile}` as keyof SimulatedFigures["percentiles"]["e2e_ms"];
  const ms = (x: number | null | undefined) => (x === null || x === undefined ? "∞" : x.toFixed(1));
  const saturated = s.saturated ? "; the queue kept growing" : "";
  return (
    `${s.requests} requests (${s.arrival}, seed ${s.seed}) per replica: p${percentile} first token ${ms(s.percentiles.ttft_ms[key])} ms, ` +
    `latency ${ms(s.percentiles.e2e_ms[key])} ms; ${(s.goodput * 100).toFixed(1)}% within the SLOs; ${s.mean_batch.toFixed(1)} sequences at once${saturated}`
  );
}

/** A gate's prediction or margin, or what stands for it when it is not a number. */
function predicted(g: GateResult, x: number | undefined, signed = false): string {
  if (g.prediction === "unknown") return "unknown";
  if (g.prediction === "unbounded") return signed ? "−∞" : "∞";
  return amount(x ?? null, g.unit, signed, g.scale === "published" ? 4 : 3);
}

/** Where the requests per replica came from when not given: the backend's own default, and what limited it. */
function concurrencyWords(p: PredictResult): string | undefined {
  const b = p.backend_concurrency;
  if (p.concurrency_source !== "backend_default" || !b) return undefined;
  const limited = b.kv_cache_limit < b.default ? `, limited to ${b.kv_cache_limit} by the KV cache` : "";
  return `Requests at once: ${p.concurrency} per replica, ${p.backend}'s default (${b.setting} ${b.default}${limited}); --concurrency sets another.`;
}

/** The human report of `predict`: the six predictions with sources, then every gate with its margin. */
export function renderPrediction(p: PredictResult, style: Style): string {
  const paint = paintFor(style.color);
  const { columns } = style;
  const scope = p.scope;
  const gpu = scope.hardware[0]!;
  const src = p.provenance;
  const pct = `p${scope.percentile}`;
  const at = latencyAt(p, scope.percentile);
  const saturatedOr = (ms: number | null, digits = 1) => (ms === null || !Number.isFinite(ms) ? "∞ (saturated)" : `${ms.toFixed(digits)} ms`);
  // A configuration that does not fit prints no speed: it would not run.
  const speeds = (rows: string[][]) => (p.fits ? rows : []);
  const reasoning = reasoningRows(p, scope);
  const predictions = renderTable(
    [
      ["VRAM per GPU", `${p.vram_gb.toFixed(2)} ${scope.memory_unit} of ${gpu.memory_gb} ${scope.memory_unit}`, src.vram.source],
      ["  of which", vramParts(p), src.vram.source],
      ...(p.fits
        ? []
        : [["does not fit", `${p.failed_gates.filter((g) => g === "vram" || g === "context").map((g) => GATE_LABELS[g]).join(" and ")}: no speed, latency or load figure (it would not run)`, "derived"]]),
      ...speeds([
        ["throughput, one request", `${p.throughput_tps.toFixed(1)} tok/s (${throughputBasis(src.throughput)})`, throughputSource(src.throughput)],
        ["scaling η", `${p.eta.toFixed(3)} → ${p.total_throughput_tps.toFixed(1)} tok/s in total`, src.scaling.source],
      ]),
      ["quality", quality(p), src.quality.source],
      [
        "monthly cost",
        p.monthly_cost === null || p.cost_per_1m_tok === null
          ? `unknown: ${gpu.name} has no price (give --gpu-price)`
          : p.fits
            ? `$${p.monthly_cost.toFixed(2)} ($${p.cost_per_1m_tok.toFixed(4)} per 1M tokens${p.energy_usd_per_month !== null ? `; energy $${p.energy_usd_per_month.toFixed(2)}` : ""}) at ${priceWords(gpu)}`
            : `$${p.monthly_cost.toFixed(2)} at ${priceWords(gpu)}`,
        src.cost.source,
      ],
      ...speeds(reasoning.cost.map(([k, v]) => [k, v, src.cost.source])),
      ...(p.energy_kwh_per_month === null || !p.fits
        ? []
        : [["energy", `${p.energy_kwh_per_month.toFixed(0)} kWh/month at this utilisation${p.energy_usd_per_month !== null ? `, $${p.energy_usd_per_month.toFixed(2)}` : ""}`, src.energy.source]]),
      ...(p.kv_capacity_tokens !== undefined ? [["KV cache", `${p.kv_capacity_tokens} tokens per replica`, src.vram.source]] : []),
      ...speeds([
        ["prefill", prefill(p), src.prefill.source],
        [`${pct} time per output token`, `${saturatedOr(at.tpotMs, 2)} at the offered load (at most ${p.concurrency} per replica)`, src.latency.source],
        [`${pct} first token`, saturatedOr(at.ttftMs), src.latency.source],
        ...reasoning.performance.map(([k, v]) => [k, v, src.latency.source]),
        [`${pct} latency`, `${saturatedOr(at.e2eMs)}, utilisation ${(p.utilisation * 100).toFixed(1)}%`, src.latency.source],
      ]),
      ...(p.simulated ? [["simulated", simulatedWords(p.simulated, scope.percentile), "simulated"]] : []),
    ],
    { head: ["prediction", "", "source"], columns },
  );
  // Where it does not fit, the gates on speed and load are not judged: it would not run.
  const unjudged = (g: GateResult) => !p.fits && (g.gate === "capacity" || g.gate === "latency" || g.gate === "ttft" || g.gate === "tpot");
  const gates = renderTable(
    p.gates.map((g) => [
      g.scale === "published" ? "quality (published)" : GATE_LABELS[g.gate],
      unjudged(g) ? paint.dim("—") : g.passed ? paint.good("pass") : paint.bad("FAIL"),
      unjudged(g) ? "—" : predicted(g, g.value),
      amount(g.limit, g.unit, false, g.scale === "published" ? 4 : 3),
      unjudged(g) ? "—" : predicted(g, g.margin, true),
    ]),
    { head: ["gate", "", "predicted", "limit", "margin"], align: ["left", "left", "right", "right", "right"], columns },
  );
  const verdict = p.passes_all_gates
    ? paint.good(`Passes all ${p.gates.length} gates.`)
    : p.fits
      ? paint.bad(`Fails: ${p.gates.filter((g) => !g.passed).map((g) => GATE_LABELS[g.gate]).join(", ")}.`)
      : paint.bad(`Does not fit: ${p.gates.filter((g) => !g.passed && !unjudged(g)).map((g) => GATE_LABELS[g.gate]).join(", ")}.`);
  // A load warning says nothing of a configuration that would not run.
  const shown = p.fits ? p.warnings : p.warnings.filter((w) => w.code !== "saturated" && w.code !== "simulation_misses_slo");
  const warnings =
    shown.length === 0 ? "" : `\n\n${paint.bold("Warnings")}\n${shown.map((w) => paragraph(warningText(w), columns, `  ${paint.warn("!")} `, "    ")).join("\n")}`;
  const title = paint.bold(paragraph(`Prediction: ${formatAdmitted(p)} on ${gpu.name}`, columns));
  const concurrency = concurrencyWords(p);
  const workload = paint.dim(
    paragraph(
      `${scope.request_rate} req/s × ${scope.prompt_tokens} prompt + ${scope.output_tokens} output tokens${tokenSource(scope)}, context ${scope.context_length}${workloadPhrase(scope)}; ` +
        `${pct} SLO ${scope.latency_slo_ms} ms${scope.ttft_slo_ms !== null ? `, first token ${scope.ttft_slo_ms} ms` : ""}${scope.tpot_slo_ms !== null ? `, per output token ${scope.tpot_slo_ms} ms` : ""}, quality ≥ ${scope.quality_target}${scope.published_quality_target !== null ? ` (published ≥ ${scope.published_quality_target} where none)` : ""}, ${scope.budget_usd_per_month !== null ? `budget $${scope.budget_usd_per_month.toFixed(2)}/month` : "no budget"}`,
      columns,
    ),
  );
  const scaling = paint.dim(paragraph(`Scaling: ${src.scaling.detail}.`, columns));
  const api = p.api_comparison ? `\n${paint.bold("Against hosted APIs")}\n${apiComparisonSection(p, scope, columns)}\n` : "";
  const said = concurrency ? `\n${paint.dim(paragraph(concurrency, columns))}` : "";
  return `${title}\n${workload}${said}\n\n${predictions}\n${p.fits ? `${scaling}\n` : ""}${api}\n${gates}\n${verdict}${warnings}\n`;
}
