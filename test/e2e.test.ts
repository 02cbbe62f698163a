import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BUILT_CLI, runBuilt } from "./helpers/run-cli.js";
import { TR133_MODELS } from "./helpers/catalog.js";
import { fakeTools } from "./helpers/fake-tools.js";
import { existsSync } from "node:fs";

const ESC = "\u001b[";

describe("the built CLI", () => {
  it("exists (npm test builds it first)", () => {
    expect(existsSync(BUILT_CLI)).toBe(true);
  });

  it("prints exactly one JSON document with --json, and nothing on stderr", () => {
    const { code, stdout, stderr } = runBuilt(["plan", "--json", "--models-path", TR133_MODELS]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const plan = JSON.parse(stdout) as { candidates: { model: string }[] };
    expect(plan.candidates.length).toBeGreaterThan(0);
  });

  it("prints no escape codes under NO_COLOR, or when piped", () => {
    expect(runBuilt(["plan"]).stdout).not.toContain(ESC);
    expect(runBuilt(["plan"], {}).stdout).not.toContain(ESC);
    expect(runBuilt(["list-hardware"]).stdout).not.toContain(ESC);
  });

  it("colours with FORCE_COLOR", () => {
    expect(runBuilt(["plan"], { FORCE_COLOR: "1" }).stdout).toContain(ESC);
  });

  it("runs from any working directory", () => {
    const { code, stdout } = runBuilt(["list-models", "--json"], { NO_COLOR: "1" }, "/");
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as unknown[]).length).toBeGreaterThan(0);
  });

  it("exits 0 with no candidates when nothing fits", () => {
    const { code, stdout } = runBuilt(["plan", "--model-size", "8b", "--hardware", "RTX 4090 24GB", "--budget", "1", "--json"]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { candidates: unknown[] }).candidates).toEqual([]);
  });

  it("rejects a bad flag with one line on stderr and exit 2; as JSON with --json", () => {
    const human = runBuilt(["plan", "--request-rate", "abc"]);
    expect(human).toMatchObject({ code: 2, stdout: "" });
    expect(human.stderr).toMatch(/^error: option '--request-rate <req\/s>' argument 'abc' is invalid\. Expected a number greater than 0/);
    const json = runBuilt(["plan", "--hardware", "RTX 5099", "--json"]);
    expect(json).toMatchObject({ code: 2, stdout: "" });
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: "unknown_name" } });
  });

  it("plans this machine's GPUs with --hardware auto: a fake nvidia-smi first on PATH prints a recorded output", () => {
    const dir = fakeTools({ "nvidia-smi": "nvidia-smi-query-name-memory-8xH100-documented.csv" });
    const { code, stdout, stderr } = runBuilt(["plan", "--hardware", "auto", "--json"], { NO_COLOR: "1", PATH: `${dir}:${process.env.PATH ?? ""}` });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^note: --hardware auto: found 8× NVIDIA H100 80GB HBM3 \(79\.6 GB, nvidia-smi\): H100 SXM 80GB; a plan bills at most 8 GPUs/);
    const plan = JSON.parse(stdout) as { scope: { hardware: { name: string }[]; max_gpus: number } };
    expect(plan.scope).toMatchObject({ hardware: [{ name: "H100 SXM 80GB" }], max_gpus: 8 });
  });

  it("rejects an unknown command with exit 2", () => {
    const { code, stderr } = runBuilt(["frobnicate"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it("prints help and the version with exit 0", () => {
    const help = runBuilt(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("plan");
    expect(help.stdout).toContain("list-hardware");
    const version = runBuilt(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("stops quietly when the reader closes the pipe", () => {
    const result = spawnSync("sh", ["-c", `node "${BUILT_CLI}" plan --model-size all --json | head -c 10`], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
  });
});
