import type { Command } from "commander";
import { loadModels } from "../data/load-catalog.js";
import type { Io } from "../cli/io.js";
import { tableWidth } from "../cli/output-style.js";
import { writeJson } from "../cli/write-json.js";
import { modelEntries } from "../core/catalog/model-entries.js";

/** Prints the model registry, as a table or JSON. */
export async function listModels(io: Io, json: boolean): Promise<void> {
  const entries = modelEntries(await loadModels(io.dataDir));
  if (json) return writeJson(io, entries);
  const { renderModelsList } = await import("../render/models-list.js");
  io.stdout(renderModelsList(entries, tableWidth(io)));
}

/** `chimeraforge list-models`. */
export function addListModelsCommand(program: Command, io: Io): void {
  program
    .command("list-models")
    .description("list the models the planner knows: parameters (total and active), KV cache per token and context window")
    .option("--json", "print JSON instead of a table")
    .option("--no-color", "never colour the output (tables here are plain anyway)")
    .action(async (opts: { json?: boolean }) => listModels(io, opts.json === true));
}
