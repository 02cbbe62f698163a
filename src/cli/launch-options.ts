import { Option, type Command } from "commander";
import type { Launch } from "../core/launch/launch-types.js";
import type { Candidate, Scope } from "../core/planner/results.js";
import type { Planner } from "../core/planner/planner.js";
import type { Style } from "../render/paint.js";
import type { Io } from "./io.js";
import { boundedParser } from "./parse-options.js";

/** The launch flags as parsed: --launch with no value is true (the commands). */
export interface LaunchFlags {
  launch?: true | "commands" | "compose";
  launchPort?: number;
}

/** Adds --launch [commands|compose] and --launch-port <port>. */
export function addLaunchOptions(command: Command, what: string): Command {
  return command
    .addOption(
      new Option(
        "--launch [format]",
        `also print the commands that start ${what}, one per replica with its GPUs and port, with the flags of each backend's documented version (data/engines.json), after the tables; "compose": a docker compose file instead (with --json: a "launch" field)`,
      ).choices(["commands", "compose"]),
    )
    .addOption(new Option("--launch-port <port>", "the first replica's port for --launch (default: the backend's own; replica i gets it + i)").argParser(boundedParser("basePort")));
}

/** The launch of `candidate` the flags ask for: undefined when not asked, null when there is nothing to launch. */
export function launchOf(planner: Planner, candidate: Candidate | undefined, scope: Scope, flags: LaunchFlags): Launch | null | undefined {
  if (flags.launch === undefined) return undefined;
  if (candidate === undefined) return null;
  return planner.launch(candidate, { scope, compose: flags.launch === "compose", basePort: flags.launchPort });
}

/** Writes a launch after the report, or says there is nothing to launch. */
export async function writeLaunch(io: Io, launch: Launch | null | undefined, style: Style): Promise<void> {
  if (launch === undefined) return;
  if (launch === null) {
    io.stderr("note: nothing to launch: no configuration passed every gate.\n");
    return;
  }
  const { renderLaunch } = await import("../render/launch-report.js");
  io.stdout("\n" + renderLaunch(launch, style));
}
