import { CommanderError } from "commander";
import { ChimeraforgeError } from "../core/planner/errors.js";

/** The documented exit codes. */
export const ExitCode = {
  /** The command did what was asked, including a plan in which nothing fits. */
  ok: 0,
  /** An internal error: a bug, reported with its stack; or an output device that failed (one line). */
  internal: 1,
  /** Bad input: a flag, a GPU name, a data file. */
  usage: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Maps what a command threw to its exit code. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (error instanceof ChimeraforgeError) return ExitCode.usage;
  return ExitCode.internal;
}
