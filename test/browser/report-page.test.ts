import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportData, type ReportData } from "../../src/core/planner/report-data.js";
import type { PlanRequest } from "../../src/core/planner/requests.js";
import { warningText } from "../../src/render/words.js";
import { plannerOf } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";

/** Debian's Chromium: .ci/run installs it when missing; Playwright never downloads a browser of its own. */
const CHROMIUM = "/usr/bin/chromium";

/** A plan with a first-token SLO, so every line the load charts can draw is drawn. */
const ARGS = ["--model-size", "8b", "--hardware", "RTX 4090 24GB", "--request-rate", "2", "--ttft-slo", "3000"];
const REQUEST: PlanRequest = { modelSize: "8b", hardware: "RTX 4090 24GB", requestRate: 2, ttftSloMs: 3000 };

let dir: string;
let context: BrowserContext;
let page: Page;
let expected: ReportData;
const consoleErrors: string[] = [];
const failed: string[] = [];
const requested: string[] = [];
let fileUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  dir = mkdtempSync(join(tmpdir(), "chimeraforge-browser-"));
  // One browser for every assertion, with a profile of its own and nothing that phones home; it starts while the plan runs.
  const launching = chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const file = join(dir, "plan.html");
  const run = await runInProcess(["plan", ...ARGS, "--report", file]);
  expect(run.code).toBe(0);
  const planner = await plannerOf("default");
  expected = reportData(planner, REQUEST, planner.plan(REQUEST));
  context = await launching;
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  page.on("requestfailed", (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? ""}`));
  page.on("request", (r) => requested.push(r.url()));
  fileUrl = pathToFileURL(file).href;
  await page.goto(fileUrl, { waitUntil: "load" });
}, 30_000);

afterAll(async () => {
  await context?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The little of the DOM the checks run in the page use (the project's TypeScript has no DOM types). */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Mark {
  getBBox(): Box;
  getAttribute(name: string): string | null;
}
interface Chart extends Mark {
  id: string;
  getBoundingClientRect(): Box;
  querySelectorAll(selector: string): Iterable<Mark>;
}
interface Dom {
  document: { querySelectorAll(selector: string): Iterable<Chart> & { length: number } };
}

/** How many elements match each selector, counted in the page at once. */
const counts = (selectors: readonly string[]) => page.evaluate((list) => list.map((s) => (globalThis as unknown as Dom).document.querySelectorAll(s).length), selectors);

describe("the report in headless Chromium", () => {
  it("loads from its file alone: no console error, no failed request, no request but the page", () => {
    expect(consoleErrors).toEqual([]);
    expect(failed).toEqual([]);
    expect(requested).toEqual([fileUrl]);
  });

  it("draws each chart with one mark per figure", async () => {
    const { frontier, load, plan } = expected;
    expect(frontier.candidates.length).toBeGreaterThan(50);
    const bars = Math.min(plan.candidates.length, 10);
    const marks: [string, number][] = [
      ["svg#frontier-chart circle.candidate", frontier.candidates.length],
      ["svg#frontier-chart circle.candidate.unknown-quality", frontier.candidates.filter((c) => c.quality === null).length],
      ["svg#frontier-chart circle.pareto-point", frontier.pareto.length],
      ["svg#frontier-chart circle.recommended", 1],
      ["svg#frontier-chart path.pareto-line", 1],
      ["svg#vram-chart rect.segment", 4 * bars],
      ["svg#vram-chart line.gpu-memory", bars],
      ["svg#throughput-chart circle.point.throughput", load!.points.length],
      ["svg#latency-chart circle.point.e2e", load!.points.filter((p) => p.latency_ms !== null).length],
      ["svg#latency-chart circle.point.ttft", load!.points.filter((p) => p.ttft_ms !== null).length],
      ["svg#latency-chart path.line", 2],
    ];
    expect(await counts(marks.map(([selector]) => selector))).toEqual(marks.map(([, n]) => n));
  });

  it("lays every mark inside its chart's plot, at a size a person sees", async () => {
    const outside = await page.evaluate(() => {
      const problems: string[] = [];
      for (const svg of (globalThis as unknown as Dom).document.querySelectorAll("svg.chart")) {
        const box = svg.getBoundingClientRect();
        if (box.width < 300 || box.height < 150) problems.push(`${svg.id} is ${box.width}×${box.height}`);
        const [, , w, h] = svg.getAttribute("viewBox")!.split(" ").map(Number);
        for (const mark of svg.querySelectorAll("circle, rect")) {
          const b = mark.getBBox();
          if (b.x < 0 || b.y < 0 || b.x + b.width > w! || b.y + b.height > h!) problems.push(`${svg.id} ${mark.getAttribute("class")} at ${b.x},${b.y}`);
        }
      }
      return problems;
    });
    expect(outside).toEqual([]);
  });

  it("names each chart for assistive technology and gives each a table of its figures", async () => {
    for (const name of ["Monthly cost against p95 latency of the candidates", "Where each top configuration's GPU memory goes", "Throughput against load", "Latency against load"]) {
      expect(await page.getByRole("img", { name }).count()).toBe(1);
    }
    expect(await counts(["#frontier details table tbody tr", "#vram table tbody tr", "#load table tbody tr"])).toEqual([
      expected.frontier.candidates.length,
      Math.min(expected.plan.candidates.length, 10),
      expected.load!.points.length,
    ]);
  });

  it("shows the constraints and the recommendation's figures, sources and warnings", async () => {
    const best = expected.plan.candidates[0]!;
    const text = await page.locator("#recommendation").innerText();
    for (const figure of [`$${best.monthly_cost!.toFixed(2)}`, `${best.p95_latency_ms!.toFixed(1)} ms (SLO 5000 ms)`, `${best.ttft_ms!.toFixed(1)} ms (SLO 3000 ms)`, `${best.total_throughput_tps.toFixed(1)} tok/s`, `${best.vram_gb.toFixed(2)} GiB of 24 GiB`]) {
      expect(text).toContain(figure);
    }
    for (const w of best.warnings) expect(text).toContain(warningText(w));
    expect(text).toContain("arithmetic over the data");
    const constraints = await page.locator("#constraints").innerText();
    expect(constraints).toMatch(new RegExp(`prompt\\s+${expected.plan.scope.prompt_tokens} tokens\\s+the chat workload`));
    expect(constraints).toMatch(/request rate\s+2 req\/s\s+the request/);
    expect(await page.title()).toBe(`chimeraforge plan: ${best.model} ${best.quant} on ${best.backend} × 1 GPU, ${best.concurrency} requests per GPU`);
  });
});
