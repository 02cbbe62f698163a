import { describe, expect, it } from "vitest";
import { useColor } from "../../src/cli/color.js";
import { runInProcess } from "../helpers/run-cli.js";

const ESC = "\u001b[";

describe("useColor", () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  it.each<[string, boolean | undefined, Record<string, string>, boolean, boolean]>([
    // case, flag, env, on a terminal, through a pipe
    ["neither flag nor environment", undefined, {}, true, false],
    ["--color", true, {}, true, true],
    ["--no-color", false, {}, false, false],
    ["--color over NO_COLOR", true, { NO_COLOR: "1" }, true, true],
    ["--no-color over FORCE_COLOR", false, { FORCE_COLOR: "1" }, false, false],
    ["NO_COLOR", undefined, { NO_COLOR: "1" }, false, false],
    ["NO_COLOR empty is unset", undefined, { NO_COLOR: "" }, true, false],
    ["TERM=dumb", undefined, { TERM: "dumb" }, false, false],
    ["TERM=xterm", undefined, { TERM: "xterm-256color" }, true, false],
    ["FORCE_COLOR=0", undefined, { FORCE_COLOR: "0" }, false, false],
    ["FORCE_COLOR=false", undefined, { FORCE_COLOR: "false" }, false, false],
    ["FORCE_COLOR=1", undefined, { FORCE_COLOR: "1" }, true, true],
    ["FORCE_COLOR=2", undefined, { FORCE_COLOR: "2" }, true, true],
    ["FORCE_COLOR=3", undefined, { FORCE_COLOR: "3" }, true, true],
    ["FORCE_COLOR=true", undefined, { FORCE_COLOR: "true" }, true, true],
    ["FORCE_COLOR empty, as for Node", undefined, { FORCE_COLOR: "" }, true, true],
    ["FORCE_COLOR of another value does not decide", undefined, { FORCE_COLOR: "yes" }, true, false],
    ["FORCE_COLOR over NO_COLOR, as for Node", undefined, { FORCE_COLOR: "1", NO_COLOR: "1" }, true, true],
    ["FORCE_COLOR over TERM=dumb", undefined, { FORCE_COLOR: "1", TERM: "dumb" }, true, true],
    ["FORCE_COLOR=0 beside NO_COLOR", undefined, { FORCE_COLOR: "0", NO_COLOR: "1" }, false, false],
  ])("%s", (_, flag, env, onTerminal, throughPipe) => {
    expect(useColor(flag, { ...tty, env })).toBe(onTerminal);
    expect(useColor(flag, { ...pipe, env })).toBe(throughPipe);
  });
});

describe("--color and --no-color", () => {
  const terminal = { isTTY: true, columns: 200 };

  it("--color colours a pipe, and beats NO_COLOR", async () => {
    expect((await runInProcess(["plan", "--color"])).stdout).toContain(ESC);
    expect((await runInProcess(["plan", "--color"], { env: { NO_COLOR: "1" } })).stdout).toContain(ESC);
  });

  it("the later flag wins", async () => {
    expect((await runInProcess(["plan", "--color", "--no-color"], terminal)).stdout).not.toContain(ESC);
    expect((await runInProcess(["plan", "--no-color", "--color"])).stdout).toContain(ESC);
  });

  it("without either, a terminal is coloured unless FORCE_COLOR=0, NO_COLOR or TERM=dumb says no", async () => {
    expect((await runInProcess(["plan"], terminal)).stdout).toContain(ESC);
    for (const env of [{ FORCE_COLOR: "0" }, { FORCE_COLOR: "false" }, { NO_COLOR: "1" }, { TERM: "dumb" }]) {
      expect((await runInProcess(["plan"], { ...terminal, env })).stdout, JSON.stringify(env)).not.toContain(ESC);
    }
  });

  it("every command with --no-color has --color beside it in its help", async () => {
    for (const command of ["plan", "predict", "validate", "calibrate", "list-hardware", "list-models"]) {
      const { stdout } = await runInProcess([command, "--help"]);
      expect(stdout, command).toMatch(/--color +colour\s+the\s+output\s+even\s+when\s+it\s+is\s+not\s+a\s+terminal\n +--no-color/);
    }
  });
});
