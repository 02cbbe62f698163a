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
        `print, instead of the tables, the shell commands that start ${what}: one server per replica with its GPUs and port, the flags of the backend's documented version (data/engines.json), notes as comments; "compose": a docker compose file (a service per replica) and what to run after it; with --json, a "launch" field`,
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

/** Writes the launch of `candidate` as a shell script; false when there is none to write (nothing passed: said on stderr). */
export async function writeLaunch(io: Io, launch: Launch | null | undefined, candidate: Candidate | undefined, style: Style): Promise<boolean> {
  if (launch === undefined) return false;
  if (launch === null || candidate === undefined) {
    io.stderr("note: nothing to launch: no configuration passed every gate.\n");
    return false;
  }
  const { renderLaunch } = await import("../render/launch-report.js");
  io.stdout(renderLaunch(launch, candidate, style));
  return true;
}
