/** A cell as RFC 4180 writes it: quoted, its quotes doubled, when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A value as one cell: numbers and booleans as JSON writes them, null and undefined as an empty cell. */
function scalar(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * A list as one cell, its items joined by ';': plain values as they are, records by their `code` (a
 * warning) or their `name` (a GPU), anything else as JSON.
 */
function list(items: readonly unknown[]): string {
  return items
    .map((item) => {
      if (typeof item !== "object" || item === null) return scalar(item);
      const record = item as Record<string, unknown>;
      if (typeof record.code === "string") return record.code;
      if (typeof record.name === "string") return record.name;
      return JSON.stringify(item);
    })
    .join(";");
}

/** A record flattened to dotted columns: {vram_breakdown: {weights_gb: 1}} is {"vram_breakdown.weights_gb": 1}. */
function flatten(value: Record<string, unknown>, prefix = "", into = new Map<string, string>()): Map<string, string> {
  for (const [key, v] of Object.entries(value)) {
    const column = prefix + key;
    if (Array.isArray(v)) into.set(column, list(v));
    else if (typeof v === "object" && v !== null) flatten(v as Record<string, unknown>, `${column}.`, into);
    else into.set(column, scalar(v));
  }
  return into;
}

/**
 * Where a new column goes: after the last column of its nearest parent ("price.date_note" after the other
 * "price." columns, "experts.total" where a null "experts" stood), else last.
 */
function insertAt(columns: readonly string[], column: string): number {
  const parts = column.split(".");
  for (let depth = parts.length - 1; depth > 0; depth--) {
    const parent = parts.slice(0, depth).join(".");
    const last = columns.findLastIndex((c) => c === parent || c.startsWith(`${parent}.`));
    if (last >= 0) return last + 1;
  }
  return columns.length;
}

/**
 * Records as RFC 4180 CSV: one header row, then one row per record, lines ending in CRLF. Nested records
 * become dotted columns ("vram_breakdown.weights_gb"), lists one cell joined by ';' (warnings by their
 * codes); the columns are every record's, a record lacking one leaving it empty. A record that is null
 * where another has fields (a GPU without a price) leaves those fields empty.
 */
export function renderCsv(records: readonly Record<string, unknown>[]): string {
  const rows = records.map((r) => flatten(r));
  const columns: string[] = [];
  for (const row of rows) {
    for (const column of row.keys()) if (!columns.includes(column)) columns.splice(insertAt(columns, column), 0, column);
  }
  // A column that is null in one record and a nested record in another ("price") is the nested one's columns.
  const shown = columns.filter((c) => !columns.some((other) => other.startsWith(`${c}.`)));
  const lines = [shown, ...rows.map((row) => shown.map((c) => row.get(c) ?? ""))];
  return lines.map((cells) => cells.map(field).join(",")).join("\r\n") + "\r\n";
}
