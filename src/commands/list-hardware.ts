import type { Command } from "commander";
import { loadHardware } from "../data/load-catalog.js";
import type { Io } from "../cli/io.js";
import { tableWidth } from "../cli/output-style.js";
import { writeJson } from "../cli/write-json.js";
import { hardwareEntries } from "../core/catalog/hardware-entries.js";

/** Prints the GPU database, as a table or JSON. */
export async function listHardware(io: Io, json: boolean): Promise<void> {
  const { gpus } = await loadHardware(io.dataDir);
  const entries = hardwareEntries(gpus);
  if (json) return writeJson(io, entries);
  const { renderHardwareList } = await import("../render/hardware-list.js");
  io.stdout(renderHardwareList(entries, tableWidth(io)));
}

/** `chimeraforge list-hardware`. */
export function addListHardwareCommand(program: Command, io: Io): void {
  program
    .command("list-hardware")
    .description("list the GPUs the planner knows: memory, bandwidth, compute, and price with its basis, source and date")
    .option("--json", "print JSON instead of a table")
    .option("--no-color", "never colour the output (tables here are plain anyway)")
    .action(async (opts: { json?: boolean }) => listHardware(io, opts.json === true));
}
