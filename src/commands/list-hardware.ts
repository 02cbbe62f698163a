import type { Command } from "commander";
import { loadHardware } from "../data/load-catalog.js";
import type { Io } from "../cli/io.js";
import { formatOption, outputFormat, type OutputFormat } from "../cli/output-format.js";
import { tableWidth } from "../cli/output-style.js";
import { writeJson } from "../cli/write-json.js";
import { hardwareEntries } from "../core/catalog/hardware-entries.js";

/** Prints the GPU database, as a table, JSON or CSV. */
export async function listHardware(io: Io, format: OutputFormat): Promise<void> {
  const { gpus } = await loadHardware(io.dataDir);
  const entries = hardwareEntries(gpus);
  if (format === "json") return writeJson(io, entries);
  if (format === "csv") {
    const { renderCsv } = await import("../render/csv.js");
    return io.stdout(renderCsv(entries as unknown as Record<string, unknown>[]));
  }
  const { renderHardwareList } = await import("../render/hardware-list.js");
  io.stdout(renderHardwareList(entries, tableWidth(io)));
}

/** `chimeraforge list-hardware`. */
export function addListHardwareCommand(program: Command, io: Io): void {
  program
    .command("list-hardware")
    .description("list the GPUs the planner knows: memory, bandwidth, compute, and price with its basis, source and date")
    .option("--json", "print JSON instead of a table")
    .addOption(formatOption("one row per GPU, price and link as dotted columns (price.usd_per_hour), aliases joined by ';'"))
    .option("--no-color", "never colour the output (tables here are plain anyway)")
    .action(async (opts: { json?: boolean; format?: OutputFormat }) => listHardware(io, outputFormat(opts)));
}
