import Table from "cli-table3";

/** Column alignment. */
export type Align = "left" | "right";

/** How to lay a table out. */
export interface TableOptions {
  head?: string[];
  align?: Align[];
  /** Terminal width; wider tables become "head: value" lines. */
  columns?: number | undefined;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Visible width of a string (escape codes do not count). */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, "")].length;
}

/**
 * Renders rows of preformatted cells as a box table; heads are not coloured by cli-table3 (it would colour
 * them even when piped). When the table is wider than the terminal, each row becomes indented lines.
 */
export function renderTable(rows: string[][], options: TableOptions = {}): string {
  const table = new Table({
    ...(options.head ? { head: options.head } : {}),
    colAligns: options.align ?? [],
    style: { head: [], border: [], compact: true },
  });
  table.push(...rows);
  const text = table.toString().split("\n").map((line) => line.trimEnd()).join("\n");
  const width = Math.max(...text.split("\n").map(visibleWidth));
  if (options.columns === undefined || width <= options.columns) return text;
  return narrow(rows, options.head);
}

/** The narrow-terminal layout: one block per row, a "head: value" line per cell. */
function narrow(rows: string[][], head: string[] | undefined): string {
  return rows
    .map((row) => row.map((cell, i) => (head?.[i] ? `  ${head[i]}: ${cell}` : `  ${cell}`)).join("\n"))
    .join("\n\n");
}
