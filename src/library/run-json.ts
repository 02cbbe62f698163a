import type { Io } from "../cli/io.js";
import { main } from "../main.js";

/** A flag value as a library caller gives it. */
export type OptionValue = string | number | boolean | readonly (string | number)[] | undefined;

/** A command's flags in camelCase, each with the value the flag takes. */
export type Options = Readonly<Record<string, OptionValue>>;

/** A command the library ran that refused its input: the message the CLI prints, and its exit code. */
export class ChimeraforgeError extends Error {
  override name = "ChimeraforgeError";
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** "requestRate" → "--request-rate". */
function flag(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The command line the options stand for: true is the bare flag, a list is comma-separated, undefined and false are left out. */
function toArgv(options: Options): string[] {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === false) continue;
    if (value === true) argv.push(flag(key));
    else argv.push(flag(key), Array.isArray(value) ? value.join(",") : String(value));
  }
  return argv;
}

/**
 * Runs one command with --json over the data in `dataDir` and returns the document it prints, exactly
 * what the CLI prints; refused input throws a ChimeraforgeError with the CLI's message. Nothing touches
 * the process: output is captured, and notes the CLI prints on stderr are returned beside the document.
 */
export async function runJson(command: string, options: Options, dataDir: string): Promise<{ document: unknown; notes: string[] }> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTTY: false,
    columns: undefined,
    env: {},
    dataDir,
  };
  const code = await main([command, ...toArgv(options), "--json"], io);
  const lines = stderr.split("\n").filter((line) => line !== "");
  if (code !== 0) throw new ChimeraforgeError(lines.join(" ").replace(/^error: /, ""), code);
  return { document: JSON.parse(stdout) as unknown, notes: lines.map((line) => line.replace(/^note: /, "")) };
}
