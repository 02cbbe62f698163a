import { Option } from "commander";
import { ChimeraforgeError } from "../core/planner/errors.js";

/** How a command may print its answer: tables for people, one JSON document, or CSV for a spreadsheet. */
const OUTPUT_FORMATS = ["table", "json", "csv"] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The --format option; `csv` says what a CSV row is. */
export function formatOption(csv: string): Option {
  return new Option("--format <format>", `table (default), json (the same as --json), or csv: RFC 4180, ${csv}`).choices(OUTPUT_FORMATS);
}

/** The format the flags ask for: --json is --format json; the two may not disagree. */
export function outputFormat(opts: { format?: OutputFormat | undefined; json?: boolean | undefined }): OutputFormat {
  if (opts.json && opts.format !== undefined && opts.format !== "json") {
    throw new ChimeraforgeError("conflicting_fields", { field: "format", value: opts.format, detail: "contradicts --json (the same as --format json): give one." });
  }
  return opts.json ? "json" : (opts.format ?? "table");
}

/** Whether a command line asks for JSON, so that its errors are JSON too: --json, or --format json. */
export function asksForJson(argv: readonly string[]): boolean {
  return argv.some((arg, i) => arg === "--json" || arg === "--format=json" || (arg === "--format" && argv[i + 1] === "json"));
}
