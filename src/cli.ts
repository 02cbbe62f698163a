// The CLI bundle (dist/main.cjs): wires the process to main(). Started by src/bin.ts.
import { fileURLToPath } from "node:url";
import type { Io } from "./cli/io.js";
import { writeFd } from "./cli/write-fd.js";
import { main } from "./main.js";

/**
 * Whether stdout is a terminal. node:tty would load net and stream (several milliseconds of a run that
 * takes tens); the binding it wraps answers directly. Should that ever go away, node:tty answers.
 */
function stdoutIsTerminal(): boolean {
  try {
    const binding = (process as unknown as { binding(name: string): { isTTY(fd: number): boolean } }).binding("tty_wrap");
    return binding.isTTY(1);
  } catch {
    return (require("node:tty") as typeof import("node:tty")).isatty(1);
  }
}

// Output goes straight to the file descriptors: process.stdout's stream costs start-up time, and every
// command writes its whole output in one call anyway. Only a terminal's width needs the stream.
const isTTY = stdoutIsTerminal();
const io: Io = {
  stdout: (text) => writeFd(1, text),
  stderr: (text) => writeFd(2, text),
  isTTY,
  columns: isTTY ? process.stdout.columns : undefined,
  env: process.env,
  dataDir: fileURLToPath(new URL("../data", import.meta.url)),
};

void main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
