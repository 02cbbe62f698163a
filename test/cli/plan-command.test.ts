import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/core/search/candidate.js";
import { runInProcess } from "../helpers/run-cli.js";
import { TR133_MODELS } from "../helpers/catalog.js";

const ESC = "\u001b[";

describe("plan, in-process", () => {
  it("prints the reference's default plan as JSON", async () => {
    const { code, stdout, stderr } = await runInProcess(["plan", "--json", "--models-path", TR133_MODELS]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const plan = JSON.parse(stdout) as Candidate[];
    expect(plan[0]).toMatchObject({ model: "llama3.2-3b", quant: "Q4_K_M", backend: "ollama", n_agents: 1, monthly_cost: 25.2 });
    expect(plan.every((c) => c.hardware === "RTX 4080 12GB")).toBe(true);
  });

  it("prints the tables: constraints, recommendation, performance, quality and cost, alternatives, survivors", async () => {
    const { code, stdout } = await runInProcess(["plan", "--models-path", TR133_MODELS]);
    expect(code).toBe(0);
    for (const part of ["Constraints", "Recommendation: llama3.2-3b Q4_K_M on ollama × 1 GPU", "performance", "quality and cost", "Sources:", "Warnings", "utilisation > 70% safety cap", "Alternatives", "passed all 5 gates"]) {
      expect(stdout).toContain(part);
    }
    expect(stdout).not.toContain(ESC);
    // Tables skip what cannot rank among the five shown; --explain counts every configuration.
    expect(stdout).toMatch(/the\s+search\s+skipped\s+configurations\s+that\s+could\s+not\s+rank\s+above\s+them/);
    const explained = (await runInProcess(["plan", "--explain", "--models-path", TR133_MODELS])).stdout;
    expect(explained).toMatch(/\d+ of \d+ configurations passed all 5 gates/);
  });

  it("colours only a terminal, and never under NO_COLOR or --no-color", async () => {
    const tty = { isTTY: true, columns: 200 };
    expect((await runInProcess(["plan"], tty)).stdout).toContain(ESC);
    expect((await runInProcess(["plan"], { ...tty, env: { NO_COLOR: "1" } })).stdout).not.toContain(ESC);
    expect((await runInProcess(["plan", "--no-color"], tty)).stdout).not.toContain(ESC);
    expect((await runInProcess(["plan"], { env: { FORCE_COLOR: "1" } })).stdout).toContain(ESC);
  });

  it("fits 80 columns when piped, wrapping cells rather than stacking records", async () => {
    const { stdout } = await runInProcess(["plan", "--explain"]);
    const widths = stdout.split("\n").map((l) => [...l].length);
    expect(Math.max(...widths)).toBeLessThanOrEqual(80);
    expect(stdout).toMatch(/│ # │ configuration/);
  });

  it("lays tables out as lines on a very narrow terminal", async () => {
    const { stdout } = await runInProcess(["plan"], { isTTY: true, columns: 40, env: { NO_COLOR: "1" } });
    expect(stdout).toContain("  configuration: ");
    expect(Math.max(...stdout.split("\n").map((l) => [...l].length))).toBeLessThanOrEqual(40);
  });

  it("says so, and what to relax, when nothing fits; --json prints []", async () => {
    const args = ["plan", "--model-size", "8b", "--hardware", "RTX 4060 8GB", "--budget", "5", "--models-path", TR133_MODELS];
    const human = await runInProcess(args);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("No viable configuration");
    expect(human.stdout).toMatch(/gate removed the last of them\./);
    expect(human.stdout).toContain("The smallest change that makes a plan fit");
    const json = await runInProcess([...args, "--json"]);
    expect(json).toEqual({ code: 0, stdout: "[]\n", stderr: "" });
  });

  it("lists hardware and models, from plan flags or their own commands", async () => {
    const flag = JSON.parse((await runInProcess(["plan", "--list-hardware", "--json"])).stdout) as { name: string }[];
    const command = JSON.parse((await runInProcess(["list-hardware", "--json"])).stdout) as { name: string; price: { basis: string; source: string; date: string } | null }[];
    expect(flag).toEqual(command);
    for (const g of command) {
      if (g.price) expect(Object.keys(g.price)).toEqual(expect.arrayContaining(["usd_per_hour", "basis", "source", "date"]));
    }
    const models = JSON.parse((await runInProcess(["list-models", "--json"])).stdout) as { name: string }[];
    expect(models.map((m) => m.name)).toContain("llama3.1-8b");
    expect((await runInProcess(["plan", "--list-models"])).stdout).toContain("qwen2.5-0.5b");
    expect((await runInProcess(["list-hardware"])).stdout).toMatch(/RTX 4090 24GB .* \$0.69 on demand/);
  });

  it("prints help with examples, and the version", async () => {
    const help = await runInProcess(["plan", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--request-rate <req/s>");
    expect(help.stdout).toContain("Examples:");
    expect(await runInProcess(["--version"])).toEqual({ code: 0, stdout: "0.0.0-test\n", stderr: "" });
  });
});
