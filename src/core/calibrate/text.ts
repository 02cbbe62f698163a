/** Terminal control sequences (colour, cursor moves, the synchronised-update mode spinners use) and stray carriage returns. */
// eslint-disable-next-line no-control-regex -- escape sequences are what this removes
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\r/g;

/** Braille spinner characters (U+2800 to U+28FF), which terminal programs draw while they wait. */
const SPINNER = /[\u2800-\u28ff]/g;

/** Text as a terminal would leave it for a reader: escape sequences and spinner frames removed. */
export function plainText(text: string): string {
  return text.replace(ANSI, "").replace(SPINNER, "");
}

/** A number as a tool prints it: "1,146.31" (thousands separators), "2410.97"; undefined for "N/A", "inf" or text. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim().replace(/,/g, "");
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** A positive finite number, or undefined. */
export function positiveOf(value: unknown): number | undefined {
  const n = numberOf(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/** The fields of one CSV line (RFC 4180 quoting: "a,b" is one field, "" inside quotes is a quote). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Seconds in each unit a Go duration may use ("1m25.86s", "85.96ms", "500µs"). */
const DURATION_UNITS: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, "µs": 1e-6, "μs": 1e-6, ns: 1e-9 };

/** A Go duration as Ollama prints it ("1m25.86219397s", "204.563ms") in seconds, or undefined. */
export function goDurationSeconds(text: string): number | undefined {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|μs|ns|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim()) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * DURATION_UNITS[p[2]!]!, 0);
}

/**
 * JSON as Python's json module writes it: its bare Infinity, -Infinity and NaN (a request rate of
 * float("inf")) are not JSON, so they are read as strings.
 */
function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const quoted = text.replace(/([:,[]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '$1"$2"');
    if (quoted === text) throw error;
    return JSON.parse(quoted);
  }
}

/** Each JSON value of a text holding one JSON document, or one per line (JSON Lines); undefined if it is neither. */
export function jsonRecords(text: string): { records: unknown[]; lines: number[]; format: "json" | "jsonl" } | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
  try {
    const whole: unknown = parsePythonJson(trimmed);
    return Array.isArray(whole)
      ? { records: whole, lines: whole.map((_, i) => i + 1), format: "json" }
      : { records: [whole], lines: [1], format: "json" };
  } catch {
    // Not one document: perhaps one per line.
  }
  const records: unknown[] = [];
  const lines: number[] = [];
  const all = text.split("\n");
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!.trim();
    if (line === "") continue;
    try {
      records.push(parsePythonJson(line));
      lines.push(i + 1);
    } catch {
      return undefined;
    }
  }
  return records.length > 0 ? { records, lines, format: "jsonl" } : undefined;
}

/** A JSON value as a record of fields, or undefined. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
