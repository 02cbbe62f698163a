import { CommanderError } from "commander";
import { exitCodeFor, ExitCode } from "./cli/exit-codes.js";
import { refuseFlagValues } from "./cli/flag-values.js";
import type { Io } from "./cli/io.js";
import { shortUsage } from "./cli/short-usage.js";
import { DataFileError, UsageError } from "./errors.js";
import { createProgram } from "./program.js";

/** Runs the command line and returns its exit code; every failure becomes one line on stderr. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const program = createProgram(io, argv);
    if (argv.length === 0) {
      io.stderr(shortUsage(program));
      return ExitCode.usage;
    }
    refuseFlagValues(program, argv);
    await program.parseAsync(argv, { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DataFileError) io.stderr(`error: ${error.message}\n`);
    else if (!(error instanceof CommanderError)) {
      io.stderr(`chimeraforge: internal error, please report it with the command you ran:\n${(error as Error).stack ?? String(error)}\n`);
    }
    return exitCodeFor(error);
  }
}
