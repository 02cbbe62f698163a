import type { ReportData } from "../core/planner/report-data.js";
import type { PlanResult } from "../core/planner/results.js";
import { money } from "./format.js";
import { constraintsTable } from "./html/constraints-table.js";
import { frontierChart } from "./html/frontier-chart.js";
import { loadCharts } from "./html/load-charts.js";
import { escapeHtml } from "./html/markup.js";
import { noFitSection, perGpuTable, recommendationSection } from "./html/recommendation-section.js";
import { REPORT_CSS } from "./html/report-styles.js";
import { VRAM_BARS, vramChart } from "./html/vram-chart.js";
import { deploymentWords } from "./recommendation-figures.js";
import { GATE_LABELS } from "./words.js";

/** What the page says about itself: the version that wrote it. */
export interface ReportAbout {
  version: string;
}

/**
 * The page may fetch nothing: no script, no font, no image, no request of any kind; only its own inline
 * styles apply. A browser enforces it, so a report stays offline even if a later change slips in a link.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** One section of the page, with its heading. */
const section = (id: string, title: string, body: string) => `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(title)}</h2>${body}</section>`;

/** The sentence under the title: what was recommended, or that nothing fits. */
function lede(plan: PlanResult): string {
  const best = plan.candidates[0];
  if (!best) return "No configuration passes every gate.";
  return `Recommendation: ${deploymentWords(best)} on ${best.hardware}, ${best.monthly_cost === null ? "no price for the GPU" : `${money(best.monthly_cost)} per month`}.`;
}

/** The gates, in order, as words. */
const gateList = (plan: PlanResult) => plan.gates.map((g) => GATE_LABELS[g]).join(", ");

/**
 * A plan's report as one self-contained HTML page: the constraints (every default that shaped the answer),
 * the recommendation with its sources and warnings, and three charts drawn here as inline SVG, each with
 * a title, labelled axes and a table of its figures: the candidates' cost, latency and quality frontier,
 * where the top configurations' GPU memory goes, and the recommendation's throughput and latency under
 * load. Pure: the same data gives the same page.
 */
export function renderReportHtml(data: ReportData, about: ReportAbout): string {
  const { plan, frontier, load } = data;
  const best = plan.candidates[0];
  const sections = [section("constraints", "Constraints", constraintsTable(plan.scope))];
  if (best) {
    sections.push(section("recommendation", "Recommendation", recommendationSection(best, plan)));
    if (plan.per_gpu) sections.push(section("per-gpu", "Best plan per GPU", perGpuTable(plan)));
    sections.push(
      section(
        "frontier",
        "Cost, latency and quality of the candidates",
        `<p>Each circle is a configuration that passes all ${plan.gates.length} gates (${escapeHtml(gateList(plan))}). Down and to the left is cheaper and faster; the line joins those no other beats on both.</p>` +
          frontierChart(frontier, plan.scope),
      ),
    );
    const bars = Math.min(plan.candidates.length, VRAM_BARS);
    sections.push(
      section(
        "vram",
        "Where the GPU memory goes",
        `<p>${escapeHtml(`The ${bars === 1 ? "recommendation" : `top ${bars} configurations of the plan`}: memory per GPU with every concurrent sequence's KV cache, against the GPU's memory.`)}</p>` +
          vramChart(plan.candidates, plan.scope),
      ),
    );
    if (load) sections.push(section("load", "Throughput and latency against load", loadCharts(load, plan.scope.request_rate)));
  } else {
    sections.push(section("no-fit", "No viable configuration", noFitSection(plan)));
  }
  const title = best ? `chimeraforge plan: ${deploymentWords(best)}` : "chimeraforge plan: no viable configuration";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="chimeraforge ${escapeHtml(about.version)}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header><h1>Capacity plan</h1><p class="lede">${escapeHtml(lede(plan))}</p><p class="meta">${escapeHtml(
    `chimeraforge ${about.version}, offline: arithmetic over published measurements and the hardware's physics. ${plan.searched} configurations weighed.`,
  )}</p></header>
${sections.join("\n")}
</main>
</body>
</html>
`;
}
