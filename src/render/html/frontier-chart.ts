import { costOn, type Frontier } from "../../core/planner/report-data.js";
import type { Candidate, Scope } from "../../core/planner/results.js";
import { latencyAt } from "../../core/planner/candidate-latency.js";
import { money, ms, qualityCell } from "../format.js";
import { axes, frameOf, hRule, svgChart, vRule } from "./chart-frame.js";
import { escapeHtml, htmlTable, px } from "./markup.js";
import { PALETTE_GRADIENT, paletteColour } from "./quality-colour.js";
import { linearScale, logScale, tickText } from "./scale.js";

/** "llama3.1-8b FP16 vllm" (with the GPU when a plan spans several). */
function configName(c: Candidate, withGpu: boolean): string {
  return `${c.model} ${c.quant} ${c.backend}${withGpu ? ` on ${c.hardware}` : ""}`;
}

/** "1", "2", or "2×4" (replicas × GPUs each). */
const gpusCell = (c: Candidate) => (c.gpus_per_replica > 1 ? `${c.replicas}×${c.gpus_per_replica}` : String(c.gpus_billed));

/** How many candidates the chart weighs, and how they were chosen. */
function howMany(f: Frontier, gpus: number): string {
  const n = f.candidates.length;
  if (f.per_gpu) {
    return `On each of the ${gpus} GPUs, up to ${f.limit} of the cheapest configurations that pass every gate: ${n} in all${f.complete ? ", every one that passes" : ""}.`;
  }
  return f.complete
    ? `All ${n} configuration${n === 1 ? "" : "s"} that pass every gate.`
    : `The ${n} best-ranked configurations that pass every gate: the report asks the search for at most ${f.limit}, so more may pass.`;
}

/** The frontier chart: monthly cost against latency at the plan's percentile, quality as colour, the Pareto frontier and the recommendation marked. */
export function frontierChart(f: Frontier, scope: Scope): string {
  const withGpu = scope.hardware.length > 1;
  const pct = `p${scope.percentile}`;
  const latency = (c: Candidate) => latencyAt(c, scope.percentile).e2eMs;
  const drawn = f.candidates.flatMap((c, i) => {
    const ms = latency(c);
    return ms === null ? [] : [{ c, i, ms }];
  });
  const frame = frameOf(760, 420);
  const priced = f.cost_axis === "usd_per_month";
  const cost = (c: Candidate) => costOn(f.cost_axis, c);
  const costWords = (c: Candidate) => (priced ? `${money(c.monthly_cost!)}/month` : "no price");
  const costs = drawn.map((d) => cost(d.c));
  const lo = Math.min(...costs);
  const hi = Math.max(...costs);
  // Costs span orders of magnitude across GPU counts and GPUs: a log axis, unless a price is zero.
  const x = lo > 0 ? logScale([lo, hi], [frame.left, frame.right]) : linearScale([0, hi], [frame.left, frame.right]);
  const y = linearScale([0, Math.max(scope.latency_slo_ms, ...drawn.map((d) => d.ms))], [frame.bottom, frame.top]);
  const known = drawn.map((d) => d.c.quality).filter((q): q is number => q !== null);
  const qLo = Math.min(...known);
  const qHi = Math.max(...known);
  const share = (q: number) => (qHi > qLo ? (q - qLo) / (qHi - qLo) : 0.5);
  const onFront = new Set(f.pareto);
  const onStairs = new Set(f.pareto_cost_latency);
  const title = (c: Candidate) =>
    `${configName(c, withGpu)}, ${gpusCell(c)} GPU${c.gpus_billed > 1 ? "s" : ""}, ${c.concurrency} per replica: ${costWords(c)}, ${pct} ${ms(latency(c))} ms, quality ${qualityCell(c)}`;
  const point = (c: Candidate, latencyMs: number) => `cx="${px(x.at(cost(c)))}" cy="${px(y.at(latencyMs))}"`;
  // The best-ranked drawn last, on top of any it overlaps.
  const marks = [...drawn].reverse().map(({ c, ms: latencyMs }) => {
    const fill = c.quality === null ? `class="candidate unknown-quality" r="4.5"` : `class="candidate" r="4.5" fill="${paletteColour(share(c.quality))}"`;
    return `<circle ${fill} ${point(c, latencyMs)}><title>${escapeHtml(title(c))}</title></circle>`;
  });
  const withLatency = (indices: readonly number[]) =>
    indices.flatMap((i) => {
      const c = f.candidates[i]!;
      const ms = latency(c);
      return ms === null ? [] : [{ c, ms }];
    });
  const front = withLatency(f.pareto);
  let step = "";
  withLatency(f.pareto_cost_latency).forEach(({ c, ms: latencyMs }, k) => {
    const cx = px(x.at(cost(c)));
    const cy = px(y.at(latencyMs));
    step += k === 0 ? `M${cx} ${cy}` : `H${cx}V${cy}`;
  });
  const frontMarks = front.map(({ c, ms: latencyMs }) => `<circle class="pareto-point" r="7.5" ${point(c, latencyMs)}/>`);
  const rec = f.recommended === null ? undefined : f.candidates[f.recommended];
  let recMark = "";
  const recMs = rec === undefined ? null : latency(rec);
  if (rec && recMs !== null) {
    const rx = x.at(cost(rec));
    const ry = y.at(recMs);
    const right = rx < frame.right - 110;
    recMark =
      `<g class="recommended-mark"><circle class="recommended" r="11" cx="${px(rx)}" cy="${px(ry)}"><title>recommended: ${escapeHtml(title(rec))}</title></circle>` +
      `<text x="${px(rx + (right ? 15 : -15))}" y="${px(ry)}" dy="0.32em" text-anchor="${right ? "start" : "end"}">recommended</text></g>`;
  }
  const budget = scope.budget_usd_per_month;
  const budgetRule = priced && budget !== null && budget >= lo && budget <= hi * 1.1 ? vRule(frame, x.at(budget), `budget ${money(budget)}`, "rule budget-rule") : "";
  const body = [
    axes(frame, priced
      ? { scale: x, title: `monthly cost, US$ per month${x.log ? " (log scale)" : ""}`, format: (v) => `$${tickText(v)}` }
      : { scale: x, title: `GPUs billed (no price for the GPU)${x.log ? " (log scale)" : ""}`, format: tickText }, { scale: y, title: `${pct} latency, ms` }),
    hRule(frame, y.at(scope.latency_slo_ms), `${pct} SLO ${scope.latency_slo_ms} ms`, "rule slo-rule"),
    budgetRule,
    `<g class="marks">${marks.join("")}</g>`,
    `<path class="pareto-line" d="${step}"/>`,
    `<g class="pareto">${frontMarks.join("")}</g>`,
    recMark,
  ].join("");
  const unknown = drawn.length - known.length;
  const description =
    `Scatter of ${drawn.length} candidate configurations: ${priced ? "monthly cost" : "GPUs billed"} against ${pct} latency, quality as colour (${unknown} of unknown quality drawn as hollow circles), ` +
    `${front.length} on the Pareto frontier of cost, latency and quality (ringed), a line through the ${f.pareto_cost_latency.length} that are the cheapest for their latency, the recommendation ringed in bold.`;
  const svg = svgChart("frontier-chart", frame, `${priced ? "Monthly cost" : "GPUs billed"} against ${pct} latency of the candidates`, description, body);
  const legend = [
    known.length > 0
      ? qHi > qLo
        ? `<li><span class="swatch gradient" style="background:${PALETTE_GRADIENT}"></span> quality ${qLo.toFixed(3)} (dark) to ${qHi.toFixed(3)} (light)</li>`
        : `<li><span class="swatch" style="background:${paletteColour(0.5)}"></span> quality ${qLo.toFixed(3)}</li>`
      : "",
    unknown > 0 ? `<li><span class="swatch ring"></span> quality unknown (never measured): hollow, not zero</li>` : "",
    `<li><span class="swatch pareto"></span> the Pareto frontier: no other candidate is as cheap, as fast and as good (an unknown quality weighed against unknowns only)</li>`,
    `<li><span class="swatch stairs"></span> the cheapest for each latency: no other is both cheaper and faster</li>`,
    rec ? `<li><span class="swatch recommended"></span> the recommendation</li>` : "",
  ].join("");
  const table = htmlTable({
    caption: "Every candidate on the chart, as ranked",
    head: ["#", "configuration", "GPUs", "requests per replica", "US$ per month", `${pct} latency ms`, "quality", "Pareto frontier", "cheapest for its latency"],
    numeric: [true, false, true, true, true, true, true, false, false],
    rows: f.candidates.map((c, i) => [
      String(i + 1),
      configName(c, withGpu),
      gpusCell(c),
      String(c.concurrency),
      c.monthly_cost === null ? "unknown" : c.monthly_cost.toFixed(2),
      ms(latency(c)),
      qualityCell(c),
      onFront.has(i) ? "yes" : "",
      onStairs.has(i) ? "yes" : "",
    ]),
    marked: new Set(f.recommended === null ? [] : [f.recommended]),
  });
  return (
    `<p>${escapeHtml(howMany(f, scope.hardware.length))} ${escapeHtml(`${unknown} of them have a quality never measured.`)}</p>` +
    `<figure>${svg}<figcaption><ul class="legend">${legend}</ul></figcaption></figure>` +
    `<details><summary>The figures of the ${f.candidates.length} candidates (table)</summary>${table}</details>`
  );
}
