import { beforeAll, describe, expect, it } from "vitest";
import type { Planner } from "../../src/core/planner/planner.js";
import { reportData, type ReportData } from "../../src/core/planner/report-data.js";
import type { PlanRequest } from "../../src/core/planner/requests.js";
import { linearScale, logScale, tickText } from "../../src/render/html/scale.js";
import { renderReportHtml } from "../../src/render/report-html.js";
import { warningText } from "../../src/render/words.js";
import { plannerOf } from "../helpers/catalog.js";

let physics: Planner;
let data: ReportData;
let page: string;
const REQUEST: PlanRequest = { modelSize: "8b", hardware: "RTX 4090 24GB", requestRate: 2, ttftSloMs: 3000 };

beforeAll(async () => {
  physics = await plannerOf("default");
  data = reportData(physics, REQUEST, physics.plan(REQUEST));
  page = renderReportHtml(data, { version: "9.9.9" });
});

/** How many times `needle` occurs in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

/** The markup of the SVG with this id. */
const svg = (id: string) => {
  const found = new RegExp(`<svg class="chart" id="${id}"[\\s\\S]*?</svg>`).exec(page);
  if (!found) throw new Error(`no chart ${id}`);
  return found[0];
};

describe("renderReportHtml", () => {
  it("is one self-contained page: nothing to fetch, no script, and a policy that forbids fetching", () => {
    expect(page.startsWith("<!doctype html>\n<html lang=\"en\">")).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';`);
    for (const banned of ["://", "<script", "<link", "<img", "@import", "url(", "src=", "href="]) expect(page).not.toContain(banned);
    for (const bad of ["NaN", "undefined", "Infinity", "[object"]) expect(page).not.toContain(bad);
    expect(page).toContain("chimeraforge 9.9.9");
    expect(renderReportHtml(data, { version: "9.9.9" })).toBe(page);
  });

  it("draws one mark per figure: candidates, frontier, bars, load points", () => {
    const { frontier, load } = data;
    const frontierSvg = svg("frontier-chart");
    expect(frontier.candidates.length).toBeGreaterThan(50);
    expect(count(frontierSvg, '<circle class="candidate')).toBe(frontier.candidates.length);
    expect(count(frontierSvg, '<circle class="candidate unknown-quality"')).toBe(frontier.candidates.filter((c) => c.quality === null).length);
    expect(count(frontierSvg, '<circle class="pareto-point"')).toBe(frontier.pareto.length);
    expect(count(frontierSvg, '<circle class="recommended"')).toBe(1);
    const stairs = /<path class="pareto-line" d="([^"]*)"/.exec(frontierSvg)![1]!;
    expect(count(stairs, "V") + 1).toBe(frontier.pareto_cost_latency.length);
    const bars = Math.min(data.plan.candidates.length, 10);
    expect(bars).toBe(5);
    expect(count(svg("vram-chart"), '<rect class="segment ')).toBe(4 * bars);
    expect(count(svg("vram-chart"), '<line class="gpu-memory"')).toBe(bars);
    expect(load!.points).toHaveLength(20);
    expect(count(svg("throughput-chart"), '<circle class="point throughput"')).toBe(20);
    expect(count(svg("latency-chart"), '<circle class="point e2e"')).toBe(20);
    expect(count(svg("latency-chart"), '<circle class="point ttft"')).toBe(20);
    expect(svg("latency-chart")).toContain("p95 first-token SLO 3000 ms");
  });

  it("gives every chart a title, a description, labelled axes with units and a table of its figures", () => {
    for (const id of ["frontier-chart", "vram-chart", "throughput-chart", "latency-chart"]) {
      expect(svg(id)).toMatch(new RegExp(`role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`));
    }
    for (const title of ["monthly cost, US$ per month (log scale)", "p95 latency, ms", "memory per GPU, GiB", "request rate, requests per second", "output throughput, tokens per second", "latency, ms"]) {
      expect(page).toContain(`>${title}</text>`);
    }
    // Constraints, performance, quality and cost; then one under each chart (the two load charts share theirs).
    expect(count(page, "<table>")).toBe(6);
    expect(page).toContain(`The figures of the ${data.frontier.candidates.length} candidates (table)`);
  });

  it("states the constraints, every default marked, and the recommendation's figures, sources and warnings", () => {
    const best = data.plan.candidates[0]!;
    // The prompt and output of the default workload preset (chat), the context their sum.
    expect(page).toContain(`<td>prompt</td><td>${data.plan.scope.prompt_tokens} tokens</td><td>the chat workload</td>`);
    expect(page).toContain(`<td>context length</td><td>${data.plan.scope.context_length} tokens</td><td>the prompt and output</td>`);
    expect(page).toContain("<td>request rate</td><td>2 req/s</td><td>the request</td>");
    expect(page).toContain("<td>p95 first-token SLO</td><td>3000 ms</td><td>the request</td>");
    expect(page).toContain(`$${best.monthly_cost!.toFixed(2)}`);
    expect(page).toContain(`${best.p95_latency_ms!.toFixed(1)} ms (SLO 5000 ms)`);
    expect(page).toContain(`${best.vram_gb.toFixed(2)} GiB of 24 GiB`);
    expect(best.warnings.length).toBeGreaterThan(0);
    for (const w of best.warnings) expect(page).toContain(`<li>${warningText(w).replaceAll("'", "&#39;")}</li>`);
    expect(page).toContain("<dt>derived</dt><dd>arithmetic over the data (parameters, bits per weight, prices)</dd>");
  });

  it("escapes every name it prints", () => {
    const request: PlanRequest = { modelShape: { paramsB: 1, nLayers: 16, nKvHeads: 8, headDim: 64, hiddenSize: 2048 }, modelName: `<script>alert("x")</script>&`, hardware: "RTX 4090 24GB" };
    const html = renderReportHtml(reportData(physics, request, physics.plan(request)), { version: "<b>" });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;");
  });

  it("says when nothing fits, with what each gate removed and no chart", () => {
    const none: PlanRequest = { model: "llama3.1-70b", hardware: "RTX 4090 24GB", maxGpus: 1 };
    const html = renderReportHtml(reportData(physics, none, physics.explain(none)), { version: "1" });
    expect(html).toContain("No viable configuration: none of the");
    expect(html).toContain("<caption>What each gate removed</caption>");
    expect(html).not.toContain("<svg");
  });
});

describe("chart scales", () => {
  it("ticks a linear axis at round steps covering the data", () => {
    expect(linearScale([0, 4996.5], [0, 100]).ticks).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(linearScale([0, 398.4], [0, 100]).ticks).toEqual([0, 100, 200, 300, 400]);
    const s = linearScale([0, 5000], [100, 0]);
    expect([s.at(0), s.at(2500), s.at(5000)]).toEqual([100, 50, 0]);
  });

  it("ticks a log axis at 1-2-5 steps, finer over a short span, powers of ten over a long one", () => {
    expect(logScale([25.2, 327.6], [0, 100]).ticks).toEqual([30, 50, 70, 100, 150, 200, 300]);
    expect(logScale([25.2, 16858], [0, 100]).ticks).toEqual([50, 100, 200, 500, 1000, 2000, 5000, 10000]);
    expect(logScale([1, 1e6], [0, 100]).ticks).toEqual([1, 10, 100, 1000, 10000, 100000, 1000000]);
    expect(tickText(12000)).toBe("12,000");
    expect(tickText(0.15)).toBe("0.15");
  });
});
