import type { Command } from "commander";
import type { Io } from "../cli/io.js";
import { loadPlanner } from "../cli/load-planner.js";
import { ZOD_REQUEST_SCHEMAS } from "../core/planner/requests.js";

/** The parsed flags of `mcp`. */
interface McpFlags {
  modelsPath?: string;
  calibration?: string;
}

const HELP = `
Serves the tools plan, explain, predict, capacity, fleet, list_hardware and list_models over stdio (the
Model Context Protocol), for an MCP client to start. A client's configuration, e.g. claude_desktop_config.json:

  { "mcpServers": { "chimeraforge": { "command": "npx", "args": ["chimeraforge", "mcp"] } } }

Each tool takes the library's request (the CLI's flags in camelCase) and answers the JSON the CLI prints
with --json; a refused request is a tool error with its one-line message.`;

/** Loads the planner (a bad data file or flag fails here, as any command's would), then serves it until stdin ends. */
async function runMcp(opts: McpFlags, io: Io): Promise<void> {
  const planner = await loadPlanner(io.dataDir, opts.modelsPath, opts.calibration);
  // The SDK is loaded by this command only: its own bundle in the build (dist/mcp.cjs).
  const { serveStdio } = await import("../mcp/mcp-server.js");
  await serveStdio({ planner, schemas: ZOD_REQUEST_SCHEMAS, version: __VERSION__ });
}

/** `chimeraforge mcp`: the planner as an MCP server over stdio. */
export function addMcpCommand(program: Command, io: Io): void {
  program
    .command("mcp")
    .description("serve plan, explain, predict, capacity, fleet, list_hardware and list_models to an MCP client over stdio")
    .option("--models-path <file>", "coefficient file to use instead of data/fitted_models.json")
    .option("--calibration <file>", "a calibration written by 'chimeraforge calibrate': its factors correct the GPUs and backends it was fitted on")
    .addHelpText("after", HELP)
    .action(async (opts: McpFlags) => runMcp(opts, io));
}
