import type { Command } from "commander";
import { loadModels } from "../data/load-catalog.js";
import type { Io } from "../cli/io.js";
import { loadPlanner } from "../cli/load-planner.js";
import { formatOption, outputFormat, type OutputFormat } from "../cli/output-format.js";
import { tableWidth } from "../cli/output-style.js";
import { writeJson } from "../cli/write-json.js";
import { formatEntries } from "../core/catalog/format-entries.js";
import { modelEntries } from "../core/catalog/model-entries.js";

/** Writes entries as the format asks: JSON, CSV, or the table `table` draws. */
async function write<T>(io: Io, format: OutputFormat, entries: T[], table: (entries: T[]) => Promise<string>): Promise<void> {
  if (format === "json") return writeJson(io, entries);
  if (format === "csv") {
    const { renderCsv } = await import("../render/csv.js");
    return io.stdout(renderCsv(entries as unknown as Record<string, unknown>[]));
  }
  io.stdout(await table(entries));
}

/** Prints the model registry, as a table, JSON or CSV. */
export async function listModels(io: Io, format: OutputFormat): Promise<void> {
  const entries = modelEntries(await loadModels(io.dataDir));
  return write(io, format, entries, async (e) => (await import("../render/models-list.js")).renderModelsList(e, tableWidth(io)));
}

/** Prints the weight formats, with the backends that serve each, as a table, JSON or CSV. */
async function listFormats(io: Io, format: OutputFormat): Promise<void> {
  const { catalog } = await loadPlanner(io.dataDir);
  const entries = formatEntries(catalog.quants, catalog.backends);
  return write(io, format, entries, async (e) => (await import("../render/formats-list.js")).renderFormatsList(e, tableWidth(io)));
}

/** `chimeraforge list-models`. */
export function addListModelsCommand(program: Command, io: Io): void {
  program
    .command("list-models")
    .description("list the models the planner knows: parameters (total and active), KV cache per token and context window; with --formats, the weight formats")
    .option("--formats", "list the weight formats --quant takes instead: bits per weight, file format, and the backends that serve each")
    .option("--json", "print JSON instead of a table")
    .addOption(formatOption("one row per model (or format), lists joined by ';'"))
    .option("--no-color", "never colour the output (tables here are plain anyway)")
    .action(async (opts: { json?: boolean; format?: OutputFormat; formats?: boolean }) => (opts.formats ? listFormats : listModels)(io, outputFormat(opts)));
}
