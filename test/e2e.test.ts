import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BUILT_CLI, runBuilt } from "./helpers/run-cli.js";
import { TR133_MODELS } from "./helpers/catalog.js";
import { existsSync } from "node:fs";

const ESC = "\u001b[";

/** Every bad input of issue 2: the flag named in one stderr line, exit 2, nothing on stdout. */
const BAD_INPUTS: [string[], RegExp][] = [
  [["--request-rate", "abc"], /--request-rate.*'abc'/],
  [["--request-rate", "0"], /--request-rate.*'0'.*greater than 0/],
  [["--request-rate", "-1"], /--request-rate.*'-1'/],
  [["--request-rate", "Infinity"], /--request-rate.*'Infinity'/],
  [["--request-rate", "NaN"], /--request-rate.*'NaN'/],
  [["--latency-slo", "0"], /--latency-slo.*'0'/],
  [["--latency-slo", "fast"], /--latency-slo.*'fast'/],
  [["--quality-target", "1.5"], /--quality-target.*'1\.5'.*between 0 and 1/],
  [["--quality-target", "-0.1"], /--quality-target.*'-0\.1'/],
  [["--budget", "-5"], /--budget.*'-5'.*between 0 and/],
  [["--budget", "1e400"], /--budget.*'1e400'/],
  [["--context-length", "0"], /--context-length.*'0'/],
  [["--context-length", "2.5"], /--context-length.*'2\.5'/],
  [["--context-length", "99999999"], /--context-length.*'99999999'.*1048576/],
  [["--avg-tokens", "-3"], /--avg-tokens.*'-3'/],
  [["--avg-tokens", "many"], /--avg-tokens.*'many'/],
  [["--model-size", "banana"], /--model-size.*'banana'.*size class/],
  [["--model-size", "0b"], /--model-size.*'0b'/],
  [["--hardware", "RTX 4060 Ti"], /--hardware.*'RTX 4060 Ti'.*ambiguous.*"RTX 4060 Ti 8GB", "RTX 4060 Ti 16GB"/],
  [["--hardware", "RTX 5099"], /--hardware.*'RTX 5099'.*not a known GPU.*"RTX 5090 32GB"/],
  [["--hardware", "RTX 4060 8GB"], /GPU "RTX 4060 8GB" has no sourced price per hour: give one with --gpu-price/],
  [["--gpu-memory", "24"], /--gpu-memory.*needs --gpu-bandwidth/],
  [["--gpu-memory", "24", "--gpu-bandwidth", "900"], /"custom GPU \(24 GB, 900 GB\/s\)" has no sourced price per hour: give one with --gpu-price/],
  [["--gpu-bandwidth", "-3"], /--gpu-bandwidth.*'-3'/],
  [["--model", "llama9"], /--model.*'llama9'.*not a known model. Closest/],
  [["--model-config", "no-such-config.json"], /--model-config no-such-config\.json: cannot read \(no such file\)/],
  [["--params-b", "7"], /a model without --model-config needs --n-layers, --n-kv-heads, --head-dim, --hidden-size/],
  [["--unknown-quality", "maybe"], /--unknown-quality.*'maybe'.*pass, reject/],
  [["--hardware", "A100"], /--hardware.*'A100'.*ambiguous/],
  [["--models-path", "no-such-file.json"], /--models-path no-such-file\.json: cannot read \(no such file\)/],
  [["--frobnicate"], /unknown option '--frobnicate'/],
  [["--jsn"], /unknown option '--jsn' \(Did you mean --json\?\)/],
  [["--budget"], /--budget.*argument missing/],
  [["extra-argument"], /too many arguments/],
];

describe("the built CLI", () => {
  it("exists (npm test builds it first)", () => {
    expect(existsSync(BUILT_CLI)).toBe(true);
  });

  it("prints exactly one JSON document with --json, and nothing on stderr", () => {
    const { code, stdout, stderr } = runBuilt(["plan", "--json", "--models-path", TR133_MODELS]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const plan = JSON.parse(stdout) as { model: string }[];
    expect(plan.length).toBeGreaterThan(0);
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

  it("exits 0 with [] when nothing fits", () => {
    const { code, stdout } = runBuilt(["plan", "--model-size", "8b", "--hardware", "RTX 4090 24GB", "--budget", "1", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it.each(BAD_INPUTS)("rejects plan %j with one line on stderr and exit 2", (args, message) => {
    const { code, stdout, stderr } = runBuilt(["plan", "--json", ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^error: /);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
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
