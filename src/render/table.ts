import Table from "cli-table3";
import { textWidth as stringWidth } from "./text-width.js";

/** Column alignment. */
type Align = "left" | "right";

/** How to lay a table out. */
export interface TableOptions {
  head?: string[];
  align?: Align[];
  /** The width to fit; a wider table wraps its widest cells (at spaces where it can). */
  columns?: number | undefined;
}

/** The narrowest a column may be squeezed to: its longest word (a table that cannot fit becomes "head: value" lines). */
function minimumWidth(cells: readonly string[]): number {
  let widest = 1;
  for (const cell of cells) for (const word of cell.split(/\s+/)) widest = Math.max(widest, stringWidth(word));
  return widest;
}

/** Column widths that fit `columns`: the column with the most slack above its longest word gives way first. */
function fitWidths(natural: readonly number[], minimum: readonly number[], columns: number | undefined): number[] | undefined {
  const widths = [...natural];
  if (columns === undefined) return widths;
  let total = widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;
  while (total > columns) {
    let pick = -1;
    for (let i = 0; i < widths.length; i++) {
      const slack = widths[i]! - minimum[i]!;
      if (slack > 0 && (pick < 0 || slack > widths[pick]! - minimum[pick]!)) pick = i;
    }
    if (pick < 0) return undefined;
    widths[pick]!--;
    total--;
  }
  return widths;
}

/**
 * Rows of preformatted cells as a box table (cli-table3) with a head rule and no rules between rows. When
 * the natural table is wider than `columns`, its widest columns wrap at spaces to fit; only when even
 * that fails (a very narrow terminal) each row becomes indented "head: value" lines. Colour never comes
 * from the table: its head and border are plain, and a cell carries its own.
 */
export function renderTable(rows: string[][], options: TableOptions = {}): string {
  const all = options.head ? [options.head, ...rows] : rows;
  const count = Math.max(...all.map((r) => r.length));
  const column = (i: number) => all.map((r) => r[i] ?? "");
  // A head wraps before its column does: it asks only for its longest word.
  const natural = Array.from({ length: count }, (_, i) => Math.max(minimumWidth([options.head?.[i] ?? ""]), ...rows.map((r) => stringWidth(r[i] ?? ""))));
  const widths = fitWidths(natural, Array.from({ length: count }, (_, i) => minimumWidth(column(i))), options.columns);
  if (!widths) return narrow(rows, options.head, options.columns);
  const table = new Table({
    ...(options.head ? { head: options.head } : {}),
    colWidths: widths.map((w) => w + 2),
    colAligns: Array.from({ length: count }, (_, i) => options.align?.[i] ?? "left"),
    wordWrap: true,
    style: { head: [], border: [], compact: true, "padding-left": 1, "padding-right": 1 },
  });
  table.push(...rows.map((r) => Array.from({ length: count }, (_, i) => r[i] ?? "")));
  return table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}

/** Breaks `text` into lines of at most `width` cells, at spaces where possible, inside words where not. */
function wrap(text: string, width: number): string[] {
  if (stringWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    let rest = word;
    while (stringWidth(rest) > width) {
      const room = line.length === 0 ? width : width - stringWidth(line) - 1;
      if (room < 4) {
        lines.push(line);
        line = "";
        continue;
      }
      const head = [...rest].slice(0, room).join("");
      lines.push(line.length === 0 ? head : `${line} ${head}`);
      line = "";
      rest = rest.slice(head.length);
    }
    if (line.length === 0) line = rest;
    else if (stringWidth(line) + 1 + stringWidth(rest) <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  lines.push(line);
  return lines;
}

/** The narrow-terminal layout: one block per row, a "head: value" paragraph per cell. */
function narrow(rows: string[][], head: string[] | undefined, columns: number | undefined): string {
  return rows
    .map((row) => row.map((cell, i) => paragraph(cell, columns, head?.[i] ? `  ${head[i]}: ` : "  ", "    ")).join("\n"))
    .join("\n\n");
}

/**
 * A paragraph wrapped to `width`: the first line starts with `first`, the rest are indented to `rest`
 * (for legends, warnings and notes printed beside the tables).
 */
export function paragraph(text: string, width: number | undefined, first = "", rest = first): string {
  if (width === undefined) return first + text;
  const lines = wrap(text, Math.max(20, width - Math.max(stringWidth(first), stringWidth(rest))));
  return lines.map((line, i) => (i === 0 ? first : rest) + line).join("\n");
}
