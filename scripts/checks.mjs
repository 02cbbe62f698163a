// The checks before the tests, run side by side (npm test): the type check, the linter, knip and the
// build are independent, and on two cores running them together takes about half as long as in turn.
// Each one's output is printed whole when it ends; the exit code is 1 when any failed.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";

const CHECKS = [
  ["tsc", ["--noEmit"]],
  ["eslint", ["."]],
  ["knip", []],
  ["tsup", []],
];

/** Runs one check from node_modules/.bin, its stdout and stderr kept together. */
function run([command, args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
    const chunks = [];
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", (c) => chunks.push(c));
    child.on("error", (error) => resolve({ command, code: 1, output: `${error.message}\n` }));
    child.on("close", (code) => resolve({ command, code: code ?? 1, output: Buffer.concat(chunks).toString() }));
  });
}

const results = await Promise.all(CHECKS.map(run));
for (const { command, code, output } of results) {
  if (output.trim() !== "") process.stdout.write(`> ${command}\n${output}${output.endsWith("\n") ? "" : "\n"}`);
  if (code !== 0) process.stderr.write(`${command} failed (exit ${code})\n`);
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
