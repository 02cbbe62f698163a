import type { Candidate, Scope, VramBreakdown } from "../../core/planner/results.js";
import { axes, svgChart, type Frame } from "./chart-frame.js";
import { escapeHtml, htmlTable, px } from "./markup.js";
import { linearScale } from "./scale.js";

/** The most configurations the memory chart draws. */
export const VRAM_BARS = 10;

/** The parts of a GPU's memory, in the order stacked, with their colours (Okabe–Ito: told apart by colour-blind readers). */
const PARTS: readonly { key: keyof VramBreakdown; name: string; colour: string }[] = [
  { key: "weights_gb", name: "weights", colour: "#0072B2" },
  { key: "kv_cache_gb", name: "KV cache", colour: "#E69F00" },
  { key: "activations_gb", name: "activations", colour: "#009E73" },
  { key: "overhead_gb", name: "overhead", colour: "#CC79A7" },
];

const ROW = 46;

/** Stacked bars of where each top configuration's GPU memory goes, against the GPU's memory. */
export function vramChart(candidates: readonly Candidate[], scope: Scope): string {
  const shown = candidates.slice(0, VRAM_BARS);
  // The physics sizes memory in GiB (as GPU memory is built); the reference in GB.
  const unit = scope.memory_unit;
  const memoryOf = (c: Candidate) => (scope.hardware.find((g) => g.name === c.hardware) ?? scope.hardware[0]!).memory_gb;
  const height = 18 + shown.length * ROW + 52;
  const frame: Frame = { width: 760, height, left: 78, right: 736, top: 18, bottom: height - 52 };
  const x = linearScale([0, Math.max(...shown.map((c) => Math.max(memoryOf(c), c.vram_gb)))], [frame.left, frame.right]);
  // A category axis: no ticks, only the grid of the value axis.
  const y = { at: () => frame.bottom, ticks: [], log: false };
  const bars = shown.map((c, i) => {
    const top = frame.top + i * ROW;
    const barY = top + 20;
    let at = 0;
    const segments = PARTS.map((part) => {
      const gb = c.vram_breakdown[part.key];
      const rect = `<rect class="segment segment-${part.key.replace("_gb", "").replace("_", "-")}" x="${px(x.at(at))}" y="${barY}" width="${px(x.at(at + gb) - x.at(at))}" height="18" fill="${part.colour}"><title>${escapeHtml(`${part.name}: ${gb.toFixed(2)} ${unit}`)}</title></rect>`;
      at += gb;
      return rect;
    });
    const memory = memoryOf(c);
    const mx = px(x.at(memory));
    const label = `#${i + 1} ${c.model} ${c.quant} ${c.backend}${scope.hardware.length > 1 ? ` on ${c.hardware}` : ""}: ${c.vram_gb.toFixed(2)} ${unit} of ${memory} ${unit}`;
    return (
      `<g class="bar"><text class="bar-label" x="${frame.left + 2}" y="${top + 14}">${escapeHtml(label)}</text>${segments.join("")}` +
      `<line class="gpu-memory" x1="${mx}" x2="${mx}" y1="${barY - 5}" y2="${barY + 23}"><title>${escapeHtml(`GPU memory: ${memory} GB`)}</title></line></g>`
    );
  });
  const body = axes(frame, { scale: x, title: `memory per GPU, ${unit}` }, { scale: y, title: "" }) + bars.join("");
  const description = `Stacked bars for the top ${shown.length} configuration${shown.length === 1 ? "" : "s"}: weights, KV cache, activations and overhead per GPU, each against its GPU's memory (a vertical mark).`;
  const svg = svgChart("vram-chart", frame, "Where each top configuration's GPU memory goes", description, body);
  const legend = PARTS.map((p) => `<li><span class="swatch" style="background:${p.colour}"></span> ${p.name}</li>`).join("") + `<li><span class="swatch memory"></span> the GPU's memory</li>`;
  const table = htmlTable({
    caption: `Memory per GPU, ${unit} (the GPU's memory as sold, GB)`,
    head: ["#", "configuration", ...PARTS.map((p) => p.name), "total", "GPU memory", "free"],
    numeric: [true, false, true, true, true, true, true, true, true],
    rows: shown.map((c, i) => [
      String(i + 1),
      `${c.model} ${c.quant} ${c.backend}`,
      ...PARTS.map((p) => c.vram_breakdown[p.key].toFixed(2)),
      c.vram_gb.toFixed(2),
      String(memoryOf(c)),
      (memoryOf(c) - c.vram_gb).toFixed(2),
    ]),
    marked: new Set([0]),
  });
  return `<figure>${svg}<figcaption><ul class="legend">${legend}</ul></figcaption></figure>${table}`;
}
