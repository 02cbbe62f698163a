import type { LoadPoint, LoadSweep } from "../../core/planner/report-data.js";
import { ms } from "../format.js";
import { deploymentWords } from "../recommendation-figures.js";
import { axes, frameOf, hRule, svgChart, vRule, type Frame } from "./chart-frame.js";
import { escapeHtml, htmlTable, px } from "./markup.js";
import { linearScale, type Scale } from "./scale.js";

/** A series: its points (those with a value), a line through them and a circle at each. */
function series(points: readonly { x: number; y: number; tip: string }[], x: Scale, y: Scale, cls: string): string {
  const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${px(x.at(p.x))} ${px(y.at(p.y))}`).join("");
  const dots = points.map((p) => `<circle class="point ${cls}" r="3.5" cx="${px(x.at(p.x))}" cy="${px(y.at(p.y))}"><title>${escapeHtml(p.tip)}</title></circle>`);
  return `<g class="series ${cls}-series"><path class="line ${cls}-line" d="${d}"/>${dots.join("")}</g>`;
}

/** A rate as a table and a tick read it. */
const rate = (r: number) => `${r} req/s`;

/** Total throughput served against the request rate, with the deployment's capacity. */
function throughputChart(sweep: LoadSweep, frame: Frame, x: Scale, planned: number): string {
  const y = linearScale([0, sweep.capacity_tps], [frame.bottom, frame.top]);
  const points = sweep.points.map((p) => ({ x: p.request_rate, y: p.throughput_tps, tip: `${rate(p.request_rate)}: ${p.throughput_tps.toFixed(1)} tok/s served` }));
  const body = [
    axes(frame, { scale: x, title: "request rate, requests per second" }, { scale: y, title: "output throughput, tokens per second" }),
    hRule(frame, y.at(sweep.capacity_tps), `capacity ${sweep.capacity_tps.toFixed(1)} tok/s`, "rule capacity-rule"),
    vRule(frame, x.at(planned), `planned ${rate(planned)}`, "rule planned-rule"),
    series(points, x, y, "throughput"),
  ].join("");
  const description = `Output tokens per second served at ${points.length} request rates from ${rate(sweep.points[0]!.request_rate)} to ${rate(sweep.points.at(-1)!.request_rate)}, against a capacity of ${sweep.capacity_tps.toFixed(1)} tok/s.`;
  return svgChart("throughput-chart", frame, "Throughput against load", description, body);
}

/** Latency and time to first token at the plan's percentile against the request rate, with the SLOs. */
function latencyChart(sweep: LoadSweep, frame: Frame, x: Scale, planned: number): string {
  const pct = `p${sweep.percentile}`;
  const finite = (key: "latency_ms" | "ttft_ms") =>
    sweep.points
      .filter((p): p is LoadPoint & Record<typeof key, number> => p[key] !== null)
      .map((p) => ({ x: p.request_rate, y: p[key], tip: `${rate(p.request_rate)}: ${pct} ${key === "ttft_ms" ? "first token" : "latency"} ${p[key].toFixed(1)} ms` }));
  const e2e = finite("latency_ms");
  const ttft = finite("ttft_ms");
  const top = Math.max(sweep.latency_slo_ms, sweep.ttft_slo_ms ?? 0, ...e2e.map((p) => p.y), ...ttft.map((p) => p.y));
  const y = linearScale([0, top], [frame.bottom, frame.top]);
  const body = [
    axes(frame, { scale: x, title: "request rate, requests per second" }, { scale: y, title: "latency, ms" }),
    hRule(frame, y.at(sweep.latency_slo_ms), `${pct} latency SLO ${sweep.latency_slo_ms} ms`, "rule slo-rule"),
    sweep.ttft_slo_ms === null ? "" : hRule(frame, y.at(sweep.ttft_slo_ms), `${pct} first-token SLO ${sweep.ttft_slo_ms} ms`, "rule ttft-slo-rule"),
    vRule(frame, x.at(planned), `planned ${rate(planned)}`, "rule planned-rule"),
    series(ttft, x, y, "ttft"),
    series(e2e, x, y, "e2e"),
  ].join("");
  const description = `${pct} latency (${e2e.length} points) and ${pct} time to first token (${ttft.length} points) against the request rate, with the SLO${sweep.ttft_slo_ms === null ? "" : "s"}.`;
  return svgChart("latency-chart", frame, "Latency against load", description, body);
}

/** The highest rate swept that meets the SLOs, in words. */
function withinSlo(sweep: LoadSweep): string {
  const within = sweep.points.filter((p) => p.meets_slo).at(-1);
  if (!within) return "None of the rates swept meets the SLOs.";
  return `Of the rates swept, the highest within the SLO${sweep.ttft_slo_ms === null ? "" : "s"} is ${within.request_rate} req/s (utilisation ${(within.utilisation * 100).toFixed(1)}%).`;
}

/** The recommendation under load: throughput and latency from a light load to near saturation, and their figures. */
export function loadCharts(sweep: LoadSweep, plannedRate: number): string {
  const frame = frameOf(760, 340);
  const pct = `p${sweep.percentile}`;
  const x = linearScale([0, Math.max(...sweep.points.map((p) => p.request_rate))], [frame.left, frame.right]);
  const table = htmlTable({
    caption: "The recommendation at each request rate",
    head: ["requests per second", "utilisation", "throughput served, tok/s", `${pct} first token, ms`, `${pct} latency, ms`, "within the SLOs"],
    numeric: [true, true, true, true, true, false],
    rows: sweep.points.map((p) => [
      `${p.request_rate}${p.planned ? " (planned)" : ""}`,
      `${(p.utilisation * 100).toFixed(1)}%`,
      p.throughput_tps.toFixed(1),
      ms(p.ttft_ms),
      ms(p.latency_ms),
      p.meets_slo ? "yes" : "no",
    ]),
    marked: new Set(sweep.points.flatMap((p, i) => (p.planned ? [i] : []))),
  });
  const intro =
    `${deploymentWords(sweep)} on ${sweep.hardware}, predicted (predict) at ${sweep.points.length} request rates: 5% to 95% of the ${sweep.capacity_rps} req/s that saturate it, and the planned ${plannedRate} req/s. ` +
    `Throughput served is the rate times ${sweep.output_tokens} output tokens; the capacity is the deployment's total throughput at full load. ${withinSlo(sweep)}`;
  return (
    `<p>${escapeHtml(intro)}</p>` +
    `<div class="pair"><figure>${throughputChart(sweep, frame, x, plannedRate)}<figcaption><ul class="legend"><li><span class="swatch line-throughput"></span> throughput served</li><li><span class="swatch dashed-grey"></span> capacity</li></ul></figcaption></figure>` +
    `<figure>${latencyChart(sweep, frame, x, plannedRate)}<figcaption><ul class="legend"><li><span class="swatch line-e2e"></span> ${pct} latency</li><li><span class="swatch line-ttft"></span> ${pct} time to first token</li><li><span class="swatch dashed"></span> SLO</li></ul></figcaption></figure></div>` +
    table
  );
}
