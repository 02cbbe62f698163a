import { latencyAt } from "../../core/planner/candidate-latency.js";
import type { Candidate, PlanResult, Scope } from "../../core/planner/results.js";
import { formatAdmitted, money, ms } from "../format.js";
import { deploymentWords, recommendationFigures, type FigureRow } from "../recommendation-figures.js";
import { GATE_LABELS, PROVENANCE_LEGEND, SUGGESTION_FLAGS, warningText } from "../words.js";
import { escapeHtml, htmlTable } from "./markup.js";

/** A figure table: name, value, source. */
const figureTable = (caption: string, rows: readonly FigureRow[]) =>
  htmlTable({ caption, head: ["figure", "value", "source"], rows: rows.map(([label, value, source]) => [label.trim(), value, source]) });

/** The few figures a reader looks for first, large. */
function headline(c: Candidate, scope: Scope): string {
  const cards = [
    ["monthly cost", c.monthly_cost === null ? "unknown" : money(c.monthly_cost), c.monthly_cost === null ? "no price for the GPU" : undefined],
    [`p${scope.percentile} latency`, `${ms(latencyAt(c, scope.percentile).e2eMs)} ms`, `SLO ${scope.latency_slo_ms} ms`],
    ["throughput", `${c.total_throughput_tps.toFixed(1)} tok/s`, "at full load"],
    ["quality", c.quality === null ? "unknown" : c.quality.toFixed(3), c.quality === null ? "never measured" : c.quality_tier],
  ];
  return `<dl class="headline">${cards.map(([k, v, sub]) => `<div><dt>${escapeHtml(k!)}</dt><dd>${escapeHtml(v!)}${sub ? `<small>${escapeHtml(sub)}</small>` : ""}</dd></div>`).join("")}</dl>`;
}

/** The recommendation: its deployment, its figures with their sources, the sources' meaning, its warnings. */
export function recommendationSection(c: Candidate, plan: PlanResult): string {
  const figures = recommendationFigures(c, plan.scope);
  const legend = Object.entries(PROVENANCE_LEGEND)
    .filter(([k]) => figures.sources.has(k))
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join("");
  const warnings =
    c.warnings.length === 0
      ? `<p class="good">No warnings.</p>`
      : `<h3>Warnings</h3><ul class="warnings">${c.warnings.map((w) => `<li>${escapeHtml(warningText(w))}</li>`).join("")}</ul>`;
  return (
    `<p class="deployment">${escapeHtml(`${deploymentWords(c)} on ${c.hardware}`)}</p>` +
    headline(c, plan.scope) +
    figureTable("Performance", figures.performance) +
    figureTable("Quality and cost", figures.qualityCost) +
    `<p class="note">${escapeHtml(`Scaling: ${c.provenance.scaling.detail}.`)}</p>` +
    `<h3>Sources</h3><dl class="sources">${legend}</dl>` +
    warnings
  );
}

/** When nothing passes: what each gate removed, and the one-flag changes that would admit a plan. */
export function noFitSection(plan: PlanResult): string {
  const tally = plan.gates.filter((g) => plan.rejected_by_gate[g] > 0).map((g) => [GATE_LABELS[g], String(plan.rejected_by_gate[g])]);
  const suggestions = (plan.suggestions ?? []).map((s) => [`${SUGGESTION_FLAGS[s.field]} ${s.field === "budgetUsdPerMonth" ? Number(s.value).toFixed(2) : String(s.value)}`, formatAdmitted(s.admits)]);
  return (
    `<p class="bad">${escapeHtml(`No viable configuration: none of the ${plan.searched} configurations passed all ${plan.gates.length} gates.`)}</p>` +
    htmlTable({ caption: "What each gate removed", head: ["gate", "configurations removed"], numeric: [false, true], rows: tally }) +
    (suggestions.length > 0 ? htmlTable({ caption: "The smallest change that makes a plan fit (one flag at a time)", head: ["change", "admits"], rows: suggestions }) : "")
  );
}

/** With several GPUs: the best plan on each, cheapest first. */
export function perGpuTable(plan: PlanResult): string {
  const rows = (plan.per_gpu ?? []).map((p) =>
    p.best ? [p.gpu, `$${p.usd_per_hour}`, formatAdmitted(p.best), p.best.quality === null ? "unknown" : p.best.quality.toFixed(3), ms(latencyAt(p.best, plan.scope.percentile).e2eMs), p.best.monthly_cost === null ? "unknown" : money(p.best.monthly_cost)] : [p.gpu, `$${p.usd_per_hour}`, "nothing fits", "", "", ""],
  );
  return htmlTable({ caption: "Best plan per GPU", head: ["GPU", "per hour", "best plan", "quality", `p${plan.scope.percentile} ms`, "per month"], numeric: [false, true, false, true, true, true], rows });
}
