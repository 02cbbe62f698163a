/** Text made safe inside HTML and SVG, in content and in quoted attributes alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A table of text cells, every cell escaped: a chart's figures, or a list of facts. */
export interface TableSpec {
  caption?: string;
  head: readonly string[];
  rows: readonly (readonly string[])[];
  /** Columns that hold numbers, aligned right. */
  numeric?: readonly boolean[];
  /** Rows to mark (the recommendation), by index. */
  marked?: ReadonlySet<number>;
}

/** An HTML table with a header row; numeric columns right-aligned. */
export function htmlTable(spec: TableSpec): string {
  const cls = (i: number) => (spec.numeric?.[i] ? ' class="num"' : "");
  const caption = spec.caption === undefined ? "" : `<caption>${escapeHtml(spec.caption)}</caption>`;
  const head = `<thead><tr>${spec.head.map((h, i) => `<th scope="col"${cls(i)}>${escapeHtml(h)}</th>`).join("")}</tr></thead>`;
  const rows = spec.rows.map((row, r) => `<tr${spec.marked?.has(r) ? ' class="marked"' : ""}>${row.map((cell, i) => `<td${cls(i)}>${escapeHtml(cell)}</td>`).join("")}</tr>`);
  return `<table>${caption}${head}<tbody>${rows.join("")}</tbody></table>`;
}

/** A coordinate for SVG: two decimals at most, no trailing zeros. */
export const px = (x: number): string => String(Math.round(x * 100) / 100);
