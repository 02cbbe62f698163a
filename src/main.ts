import { CommanderError } from "commander";
import { ChimeraforgeError } from "./core/planner/errors.js";
import { exitCodeFor, ExitCode } from "./cli/exit-codes.js";
import { cliWords } from "./cli/flags.js";
import { refuseFlagValues } from "./cli/flag-values.js";
import { asksForJson } from "./cli/output-format.js";
import type { Io } from "./cli/io.js";
import { shortUsage } from "./cli/short-usage.js";
import { OutputError } from "./cli/write-fd.js";
import { createProgram } from "./program.js";

/** The value of `--model-config` on the command line, to name the file in its errors. */
function modelConfigFile(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--model-config") return argv[i + 1];
    if (argv[i]?.startsWith("--model-config=")) return argv[i]!.slice("--model-config=".length);
  }
  return undefined;
}

/** Writes a failure: one line on stderr, as JSON (`{"error": {"code", "message"}}`) when --json asked for JSON. */
function report(io: Io, json: boolean, code: string, message: string): void {
  say(io, json ? `${JSON.stringify({ error: { code, message } })}\n` : `error: ${message}\n`);
}

/** Whether `error` is the system's refusal to name a working directory that was deleted under the process. */
function isLostWorkingDirectory(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.syscall === "uv_cwd";
}

/** Writes to stderr; a stderr that refuses it (2>/dev/full) leaves nowhere to say so, and the exit code still tells. */
function say(io: Io, text: string): void {
  try {
    io.stderr(text);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
  }
}

/** Runs the command line and returns its exit code; every failure becomes one line on stderr. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  // --json (or --format json) asks for JSON, unless it stands where a flag's value was forgotten (refused below).
  let json = asksForJson(argv);
  let commanderMessage = "";
  try {
    const program = createProgram(io, argv, (text) => (commanderMessage += text));
    if (argv.length === 0) {
      say(io, shortUsage(program));
      return ExitCode.usage;
    }
    refuseFlagValues(program, argv);
    await program.parseAsync(argv, { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof ChimeraforgeError) report(io, json, error.code, error.describe(cliWords(modelConfigFile(argv))));
    else if (error instanceof OutputError) report(io, json, "output_failed", error.message);
    else if (isLostWorkingDirectory(error)) {
      report(io, json, "no_working_directory", "the working directory no longer exists (it was deleted or moved): cd to another and run the command again");
      return ExitCode.usage;
    }
    else if (error instanceof CommanderError) {
      if (error.code === "commander.optionMissingArgument") json = false;
      // Commander wrote its one line (or help) through the program's output; an error is said as JSON when asked.
      if (error.exitCode !== 0 && commanderMessage !== "") report(io, json, "invalid_argument", commanderMessage.replace(/^error: /, "").trimEnd());
    } else {
      say(io, `chimeraforge: internal error, please report it with the command you ran:\n${(error as Error).stack ?? String(error)}\n`);
    }
    return exitCodeFor(error);
  }
}
