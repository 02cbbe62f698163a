import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BUILT_CLI, runBuilt, runInProcess } from "./helpers/run-cli.js";

/** Runs the built CLI with stdout or stderr a pipe whose reader is closed before the CLI starts writing. */
function runWithClosed(stream: "stdout" | "stderr", args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], { env: { PATH: process.env.PATH, NO_COLOR: "1" } });
    // Node takes tens of milliseconds to start the CLI: the reader is gone long before its first write.
    child[stream].destroy();
    const output = { stdout: "", stderr: "" };
    const other = stream === "stdout" ? "stderr" : "stdout";
    child[other].setEncoding("utf8").on("data", (text: string) => (output[other] += text));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, ...output }));
  });
}

describe("process edges", () => {
  it("a closed stdout ends quietly with the command's exit code", async () => {
    expect(await runWithClosed("stdout", ["plan", "--model-size", "all", "--json"])).toEqual({ code: 0, stdout: "", stderr: "" });
    const bad = await runWithClosed("stdout", ["plan", "--frobnicate"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: unknown option '--frobnicate'/);
  });

  it("an error whose stderr is a closed pipe still exits 2", async () => {
    expect((await runWithClosed("stderr", ["plan", "--frobnicate"])).code).toBe(2);
    expect((await runWithClosed("stderr", ["plan", "--hardware", "RTX 5099"])).code).toBe(2);
  });

  it("without a command prints a short usage on stderr and exits 2", () => {
    const { code, stdout, stderr } = runBuilt([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.split("\n");
    expect(lines[0]).toBe("usage: chimeraforge <command> [options]");
    expect(lines[1]).toBe("commands:");
    expect(lines.at(-2)).toBe("run 'chimeraforge <command> --help' for a command's flags, 'chimeraforge --help' for examples");
    // Each command on a line of its own with what it does; descriptions wrap within 80 columns.
    const named = lines.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(named).toEqual(["plan", "predict", "capacity", "validate", "calibrate", "list-hardware", "list-models", "mcp"]);
    expect(stderr).toMatch(/^ {2}plan +find the cheapest model/m);
    expect(lines.every((l) => l.length <= 80 || l.startsWith("run "))).toBe(true);
  });

  it.each([
    [["plan", "--hardware", "-V"], "--hardware <gpu>", "-V"],
    [["plan", "--hardware", "--version"], "--hardware <gpu>", "--version"],
    [["plan", "--budget", "--json"], "--budget <dollars>", "--json"],
    [["plan", "--model", "-h"], "--model <name>", "-h"],
    [["predict", "--model", "--quant", "FP16"], "--model <name>", "--quant"],
    [["validate", "--models-path", "--no-color"], "--models-path <file>", "--no-color"],
  ])("refuses %j: a flag where a value belongs", async (args, option, flag) => {
    const { code, stdout, stderr } = await runInProcess(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`error: option '${option}' argument missing ('${flag}' is a flag: give ${option.split(" ")[0]} a value)\n`);
  });

  it("still gives a negative number, a value after =, and a value after -- to the option", async () => {
    expect((await runInProcess(["plan", "--request-rate", "-1"])).stderr).toMatch(/--request-rate.*'-1' is invalid/);
    expect((await runInProcess(["plan", "--hardware=-V"])).stderr).toMatch(/--hardware.*'-V'/);
    expect((await runInProcess(["plan", "--", "--hardware", "-V"])).stderr).toMatch(/too many arguments/);
  });

  it("prints no stack trace for bad input", async () => {
    for (const args of [["plan", "--models-path", "/"], ["plan", "--model-config", "/dev/null"], ["help", "nope"], ["plan", "--hardware", ""]]) {
      const { code, stderr } = await runInProcess(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).not.toMatch(/internal error|\n\s+at /);
    }
  });
});
