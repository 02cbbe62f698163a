import type { Candidate, Gate, PlanResult, QualityRanking, Scope } from "../core/planner/results.js";
import { formatAdmitted, maxRateLegend, money, ms, plural, priceWords, qualityCell, tokenSource } from "./format.js";
import { deploymentWords, recommendationFigures } from "./recommendation-figures.js";
import { apiComparisonSection, workloadConstraintRows, workloadPhrase } from "./workload-rows.js";
import { paintFor, type Paint, type Style } from "./paint.js";
import { paragraph, renderTable } from "./table.js";
import { GATE_LABELS, priceBasisWords, PROVENANCE_LEGEND, rejectionReason, SUGGESTION_FLAGS, warningText } from "./words.js";

/** A monthly cost for a table cell; unknown without a price. */
const monthly = (x: number | null) => (x === null ? "unknown" : money(x));

/** Which prices were weighed, and how owned hardware was priced. */
function pricesRow(scope: Scope): string {
  if (scope.hardware.every((g) => g.price_basis === "given")) return "as given";
  const basis = scope.price_basis === "any" ? "each GPU's main price" : scope.price_basis;
  const owned = scope.owned_years !== null ? ` (the purchase over ${scope.owned_years} years)` : "";
  const energy = scope.electricity_usd_per_kwh !== null ? `, energy at $${scope.electricity_usd_per_kwh}/kWh` : "";
  return `${basis}${owned}${energy}`;
}

/** A number of billions as a range end prints it: 4, 0.25, 1.5. */
const billions = (x: number) => String(Number(x.toFixed(2)));

/** What orders a plan's ties, in words. */
const RANKING_WORDS: Readonly<Record<QualityRanking, string>> = {
  tr: "cheapest, then the TR124/TR125 quality score",
  published: "cheapest, then the published quality score (no TR124/TR125 score for some)",
  precision: "cheapest, then bits per weight (no one quality scale covers every configuration)",
};

/** The constraints table: what was asked, and every default that shaped it, marked. */
function constraints(scope: Scope, columns: number | undefined): string {
  const gpu = scope.hardware[0]!;
  const mark = (field: string) => (scope.defaults.includes(field) ? " (default)" : "");
  const range = scope.size_range_b ? ` → ${billions(scope.size_range_b[0])}–${billions(scope.size_range_b[1])}B` : "";
  const published = scope.published_quality_target !== null ? `; where none, published score ≥ ${scope.published_quality_target}` : "";
  return renderTable(
    [
      scope.size_class === null
        ? ["model", scope.models.join(", ")]
        : [
            "model size",
            `${scope.size_class}${mark("modelSize")}${range}: ${scope.models.join(", ")}${scope.size_class_substituted ? " (none within 50%: the closest)" : ""}`,
          ],
      ...(scope.quants ? [["formats", scope.quants.join(", ")]] : []),
      ...(scope.backends ? [["backends", scope.backends.join(", ")]] : []),
      scope.hardware.length === 1
        ? ["hardware", `${gpu.name} (${gpu.memory_gb} GB, ${gpu.bandwidth_gbps} GB/s, ${priceWords(gpu)})${mark("hardware")}`]
        : ["hardware", `${scope.hardware.length} GPUs: ${scope.hardware.map((g) => g.name).join(", ")}`],
      ["prices", pricesRow(scope)],
      ["request rate", `${scope.request_rate} req/s${mark("requestRate")}`],
      ["tokens per request", `${scope.prompt_tokens} prompt + ${scope.output_tokens} output${tokenSource(scope)}`],
      ["context length", `${scope.context_length} tokens`],
      [`p${scope.percentile} latency SLO`, `${scope.latency_slo_ms} ms${mark("latencySloMs")}`],
      ...(scope.ttft_slo_ms !== null ? [[`p${scope.percentile} first token SLO`, `${scope.ttft_slo_ms} ms`]] : []),
      ...(scope.tpot_slo_ms !== null ? [[`p${scope.percentile} time per output token SLO`, `${scope.tpot_slo_ms} ms`]] : []),
      ["quality target", `TR124/TR125 score ≥ ${scope.quality_target}${mark("qualityTarget")}${published}; unknown: ${scope.unknown_quality}`],
      ...(scope.quality_ranking ? [["ranking", RANKING_WORDS[scope.quality_ranking]]] : []),
      ["budget", scope.budget_usd_per_month !== null ? `${money(scope.budget_usd_per_month)} / month` : `none${mark("budgetUsdPerMonth")}`],
      ["GPUs at most", `${scope.max_gpus} billed${mark("maxGpus")}`],
      ["GPUs per replica", scope.tensor_parallel === null ? "the fewest each model fits on (default)" : String(scope.tensor_parallel)],
      ...(scope.expert_parallel ? [["expert parallelism", "a mixture's experts spread whole over a replica's GPUs, on the backends that run it"]] : []),
      ["KV cache", `${scope.kv_dtype}${mark("kvDtype")}`],
      ...workloadConstraintRows(scope),
    ],
    { columns },
  );
}

/** The recommendation: configuration, performance, quality and cost, each figure with its source. */
function recommendation(c: Candidate, result: PlanResult, paint: Paint, columns: number | undefined): string {
  const title = paint.bold(
    paragraph(`Recommendation: ${deploymentWords(c)}`, columns),
  );
  const figures = recommendationFigures(c, result.scope);
  const performance = renderTable(figures.performance, { head: ["performance", "", "source"], columns });
  const qualityCost = renderTable(figures.qualityCost, { head: ["quality and cost", "", "source"], columns });
  const used = figures.sources;
  const legend = paint.dim(
    [
      "Sources:",
      ...Object.entries(PROVENANCE_LEGEND)
        .filter(([k]) => used.has(k))
        .map(([k, v]) => paragraph(v, columns, `  ${k}: `, "    ")),
    ].join("\n"),
  );
  const warnings =
    c.warnings.length === 0
      ? paint.good("No warnings.")
      : [paint.bold("Warnings"), ...c.warnings.map((w) => paragraph(warningText(w), columns, `  ${paint.warn("!")} `, "    "))].join("\n");
  const api = c.api_comparison ? [`${paint.bold("Against hosted APIs")}\n${apiComparisonSection(c, result.scope, columns)}`] : [];
  return [title, performance, qualityCost, ...api, legend, warnings].join("\n\n");
}

/** The next few survivors. */
function alternatives(rest: readonly Candidate[], columns: number | undefined): string {
  // With --max-rate, each one's highest rate within the SLOs and what binds there.
  const rated = rest.some((c) => c.max_request_rate !== undefined);
  const rows = rest.map((c, i) => [
    String(i + 2),
    `${c.model} ${c.quant} ${c.backend}`,
    c.gpus_per_replica > 1 ? `${c.replicas}×${c.gpus_per_replica}` : String(c.gpus_billed),
    String(c.concurrency),
    c.vram_gb.toFixed(2),
    qualityCell(c),
    ms(c.p95_latency_ms),
    ...(rated ? [String(c.max_request_rate ?? "")] : []),
    monthly(c.monthly_cost),
  ]);
  const table = renderTable(rows, {
    // "deployment" is narrower than "configuration": the extra column still fits 80 columns as a table.
    head: ["#", rated ? "deployment" : "configuration", "GPUs", "conc.", "VRAM GB", "quality", "p95 ms", ...(rated ? ["max req/s"] : []), "per month"],
    align: ["right", "left", "right", "right", "right", "right", "right", ...(rated ? (["right"] as const) : []), "right"],
    columns,
  });
  const legends = [
    ...(rest.some((c) => c.quality === null && c.quality_published) ? [PUBLISHED_LEGEND] : []),
    ...(rated ? [maxRateLegend(rest.map((c, i) => ({ label: `#${i + 2}`, candidate: c })))] : []),
  ];
  return [table, ...legends.map((l) => paragraph(l, columns))].join("\n");
}

/** What an "LB" quality cell is. */
const PUBLISHED_LEGEND = "LB: the Open LLM Leaderboard v2 score (another scale), where no TR124/TR125 score exists.";

/** The gates a plan met, as words. */
const gateList = (gates: readonly Gate[]) => gates.map((g) => GATE_LABELS[g]).join(", ");

/** The last gate, in order, that removed anything: the one that emptied the plan. */
function lastGate(result: PlanResult): Gate | undefined {
  return [...result.gates].reverse().find((g) => result.rejected_by_gate[g] > 0);
}

/** When nothing survived: what each gate removed, and which removed the last. */
function noFit(result: PlanResult, paint: Paint): string {
  const tally = result.rejected_by_gate;
  const lines = [paint.bad(`No viable configuration: none of the ${result.searched} configurations passed all ${result.gates.length} gates.`)];
  for (const gate of result.gates) {
    if (tally[gate] > 0) lines.push(`  ${GATE_LABELS[gate]} gate removed ${tally[gate]}`);
  }
  const last = lastGate(result);
  if (last) lines.push(`The ${GATE_LABELS[last]} gate removed the last of them.`);
  return lines.join("\n");
}

/** One-flag changes: when nothing fits, the least relaxations; otherwise how far each constraint can go. */
function suggestions(result: PlanResult, paint: Paint, nothingFits: boolean, columns: number | undefined): string {
  const list = result.suggestions ?? [];
  const title = paint.bold(nothingFits ? "The smallest change that makes a plan fit (one flag at a time)" : "How far each constraint can go (one flag at a time)");
  if (list.length === 0) return `${title}\n  No single flag admits a configuration; relax several, or try --model-size all.`;
  const shown = list.map((s) => {
    const value = s.field === "budgetUsdPerMonth" ? Number(s.value).toFixed(2) : s.field === "hardware" ? `"${s.value}"` : String(s.value);
    return [`${SUGGESTION_FLAGS[s.field]} ${value}`, formatAdmitted(s.admits)] as const;
  });
  const width = Math.max(...shown.map(([a]) => a.length));
  return [title, ...shown.map(([a, b]) => paragraph(b, columns, `  ${a.padEnd(width)}  → `, " ".repeat(width + 7)))].join("\n");
}

/** Every rejected configuration, with the gate and the figure that failed it. */
function rejectedTable(result: PlanResult, columns: number | undefined): string {
  const rows = (result.rejected ?? []).map((r) => [`${r.model} ${r.quant} ${r.backend}`, GATE_LABELS[r.gate], rejectionReason(r, result.scope)]);
  return renderTable(rows, { head: ["configuration", "gate", "why"], columns });
}

/** The plan over one GPU: constraints, recommendation, alternatives, survivors; explanations when asked. */
function oneGpu(result: PlanResult, paint: Paint, columns: number | undefined): string {
  const sections = [`${paint.bold("Constraints")}\n${constraints(result.scope, columns)}`];
  const [best, ...rest] = result.candidates;
  if (best) {
    sections.push(recommendation(best, result, paint, columns));
    if (rest.length > 0) sections.push(`${paint.bold("Alternatives")}\n${alternatives(rest, columns)}`);
    sections.push(
      paint.dim(
        paragraph(
          result.passed === null
            ? `${rest.length === 0 ? "It passed" : `These ${1 + rest.length} passed`} all ${result.gates.length} gates (${gateList(result.gates)}); the search skipped configurations that could not rank above them (--explain lists every one).`
            : `${result.passed} of ${result.searched} configurations passed all ${result.gates.length} gates (${gateList(result.gates)}).`,
          columns,
        ),
      ),
    );
  } else {
    sections.push(noFit(result, paint));
  }
  if (result.rejected && result.rejected.length > 0) {
    sections.push(`${paint.bold(`Why the other ${plural(result.rejected.length, "configuration")} lost`)}\n${rejectedTable(result, columns)}`);
  }
  if (result.suggestions) sections.push(suggestions(result, paint, !best, columns));
  return sections.join("\n\n") + "\n";
}

/** The plan over several GPUs: the best plan on each GPU, cheapest first, and the overall recommendation. */
function severalGpus(result: PlanResult, paint: Paint, columns: number | undefined): string {
  const plans = result.per_gpu ?? [];
  // With --max-rate, each best plan's highest rate within the SLOs and what binds there.
  const rated = plans.some((p) => p.best?.max_request_rate !== undefined);
  const rows = plans.map((p) => {
    const b = p.best;
    // One basis is said once, above the table; with each GPU's main price (any), each row says its own.
    const price = result.scope.price_basis === "any" ? `$${p.usd_per_hour} ${priceBasisWords(p.price_basis)}` : `$${p.usd_per_hour}`;
    if (!b) return [p.gpu, price, "nothing fits", "", "", ...(rated ? [""] : []), ""];
    return [p.gpu, price, formatAdmitted(b), qualityCell(b), b.p95_latency_ms === null ? "∞" : b.p95_latency_ms.toFixed(0), ...(rated ? [String(b.max_request_rate ?? "")] : []), monthly(b.monthly_cost)];
  });
  const table = renderTable(rows, {
    head: ["GPU", "per hour", "best plan", "quality", "p95 ms", ...(rated ? ["max req/s"] : []), "per month"],
    align: ["left", "right", "left", "right", "right", ...(rated ? (["right"] as const) : []), "right"],
    columns,
  });
  const s = result.scope;
  const head = paint.dim(
    paragraph(
      `${s.size_class !== null && s.size_range_b ? `${s.size_class} → ${billions(s.size_range_b[0])}–${billions(s.size_range_b[1])}B: ` : ""}${s.models.join(", ")}; ` +
        `${s.request_rate} req/s × ${s.prompt_tokens} prompt + ${s.output_tokens} output tokens${tokenSource(s)}, context ${s.context_length}${workloadPhrase(s)}; ` +
        `SLO ${s.latency_slo_ms} ms, quality ≥ ${s.quality_target}, ${s.budget_usd_per_month !== null ? `budget ${money(s.budget_usd_per_month)}/month` : "no budget"}, ` +
        `at most ${s.max_gpus} GPUs; ranked ${s.quality_ranking ? RANKING_WORDS[s.quality_ranking] : "by cost"}; prices: ${pricesRow(s)}`,
      columns,
    ),
  );
  const [top] = result.candidates;
  const fits = plans.filter((p) => p.best).length;
  const verdict = top
    ? paint.bold(paragraph(`Recommendation: ${formatAdmitted(top)} on ${top.hardware}, ${monthly(top.monthly_cost)}/month`, columns))
    : paint.bad(`No viable configuration on any of the ${plans.length} GPUs.`);
  const tally = paint.dim(
    paragraph(`A plan passes all ${result.gates.length} gates on ${fits} of ${plans.length} GPUs. Run plan --hardware <gpu> for one GPU's details.`, columns),
  );
  const legends = [
    ...(plans.some((p) => p.best && p.best.quality === null && p.best.quality_published) ? [PUBLISHED_LEGEND] : []),
    ...(rated ? [maxRateLegend(plans.flatMap((p) => (p.best ? [{ label: p.gpu, candidate: p.best }] : [])))] : []),
  ];
  const legend = legends.map((l) => `\n${paragraph(l, columns)}`).join("");
  return `${paint.bold("Best plan per GPU")}\n${head}\n${table}${legend}\n\n${verdict}\n${tally}\n`;
}

/** The human plan report: over one GPU, or each GPU's best over several. */
export function renderPlan(result: PlanResult, style: Style): string {
  const paint = paintFor(style.color);
  return result.per_gpu ? severalGpus(result, paint, style.columns) : oneGpu(result, paint, style.columns);
}
