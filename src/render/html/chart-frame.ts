import { escapeHtml, px } from "./markup.js";
import { tickText, type Scale } from "./scale.js";

/** A chart's drawing area inside its SVG: the plot's box, and the space left for the axes. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The plot box every chart of the report uses: room on the left and below for ticks and axis titles. */
export function frameOf(width: number, height: number): Frame {
  return { width, height, left: 78, right: width - 24, top: 18, bottom: height - 52 };
}

/** How one axis is drawn: its scale, its title (with the unit), and how a tick reads. */
export interface AxisSpec {
  scale: Scale;
  title: string;
  format?: (x: number) => string;
}

/** Grid lines, ticks, tick labels and the two axis titles of a chart. */
export function axes(frame: Frame, x: AxisSpec, y: AxisSpec): string {
  const parts: string[] = [];
  const xf = x.format ?? tickText;
  const yf = y.format ?? tickText;
  for (const t of x.scale.ticks) {
    const at = px(x.scale.at(t));
    parts.push(`<line class="grid" x1="${at}" x2="${at}" y1="${frame.top}" y2="${frame.bottom}"/>`);
    parts.push(`<text class="tick" x="${at}" y="${frame.bottom + 16}" text-anchor="middle">${escapeHtml(xf(t))}</text>`);
  }
  for (const t of y.scale.ticks) {
    const at = px(y.scale.at(t));
    parts.push(`<line class="grid" x1="${frame.left}" x2="${frame.right}" y1="${at}" y2="${at}"/>`);
    parts.push(`<text class="tick" x="${frame.left - 6}" y="${at}" dy="0.32em" text-anchor="end">${escapeHtml(yf(t))}</text>`);
  }
  parts.push(`<line class="axis" x1="${frame.left}" x2="${frame.right}" y1="${frame.bottom}" y2="${frame.bottom}"/>`);
  parts.push(`<line class="axis" x1="${frame.left}" x2="${frame.left}" y1="${frame.top}" y2="${frame.bottom}"/>`);
  const midX = px((frame.left + frame.right) / 2);
  const midY = px((frame.top + frame.bottom) / 2);
  if (x.title) parts.push(`<text class="axis-title" x="${midX}" y="${frame.height - 10}" text-anchor="middle">${escapeHtml(x.title)}</text>`);
  if (y.title) parts.push(`<text class="axis-title" transform="translate(16 ${midY}) rotate(-90)" text-anchor="middle">${escapeHtml(y.title)}</text>`);
  return `<g class="axes" aria-hidden="true">${parts.join("")}</g>`;
}

/** A horizontal reference line across the plot (an SLO, a capacity) with its label at the left end, above it. */
export function hRule(frame: Frame, y: number, label: string, cls: string): string {
  const at = px(y);
  return `<g class="${cls}"><line x1="${frame.left}" x2="${frame.right}" y1="${at}" y2="${at}"/><text x="${frame.left + 6}" y="${at}" dy="-0.4em">${escapeHtml(label)}</text></g>`;
}

/** A vertical reference line down the plot (a budget, the planned rate) with its label at the top. */
export function vRule(frame: Frame, x: number, label: string, cls: string): string {
  const at = px(x);
  const anchor = x > (frame.left + frame.right) / 2 ? "end" : "start";
  const dx = anchor === "end" ? -4 : 4;
  return `<g class="${cls}"><line x1="${at}" x2="${at}" y1="${frame.top}" y2="${frame.bottom}"/><text x="${px(x + dx)}" y="${frame.top + 12}" text-anchor="${anchor}">${escapeHtml(label)}</text></g>`;
}

/** An SVG chart with its accessible title and description. */
export function svgChart(id: string, frame: Frame, title: string, description: string, body: string): string {
  return (
    `<svg class="chart" id="${id}" viewBox="0 0 ${frame.width} ${frame.height}" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(description)}</desc>${body}</svg>`
  );
}
