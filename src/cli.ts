#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import type { Io } from "./cli/io.js";
import { main } from "./main.js";

// A reader that stops early (`| head`) closes the pipe: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const io: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns,
  env: process.env,
  dataDir: fileURLToPath(new URL("../data", import.meta.url)),
};

process.exitCode = await main(process.argv.slice(2), io);
