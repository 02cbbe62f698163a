// The CLI bundle (dist/main.cjs): wires the process to main(). Started by src/bin.ts.
import { isatty } from "node:tty";
import { fileURLToPath } from "node:url";
import type { Io } from "./cli/io.js";
import { writeFd } from "./cli/write-fd.js";
import { main } from "./main.js";

// Output goes straight to the file descriptors: process.stdout's stream costs start-up time, and every
// command writes its whole output in one call anyway.
const isTTY = isatty(1);
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
