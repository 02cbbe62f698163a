import { describe, expect, it } from "vitest";
import type { PlanResult } from "../../src/core/planner/results.js";
import { runInProcess } from "../helpers/run-cli.js";
import { TR133_MODELS } from "../helpers/catalog.js";

const ESC = "\u001b[";
const NO_FIT = ["plan", "--model-size", "8b", "--hardware", "RTX 4060 8GB", "--budget", "30", "--models-path", TR133_MODELS];

describe("plan, in-process", () => {
  it("prints one JSON document: the plan the library returns", async () => {
    const { code, stdout, stderr } = await runInProcess(["plan", "--json", "--models-path", TR133_MODELS]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const plan = JSON.parse(stdout) as PlanResult;
    expect(Object.keys(plan)).toEqual(["scope", "gates", "notices", "candidates", "passed", "searched", "rejected_by_gate", "per_gpu", "suggestions", "rejected"]);
    expect(plan.candidates[0]).toMatchObject({ model: "llama3.2-3b", quant: "Q4_K_M", backend: "ollama", n_agents: 1, monthly_cost: 25.2 });
  });

  it("maps every flag to its request field", async () => {
    const args = ["--model", "llama3.2-1b,qwen2.5-1.5b", "--quant", "FP16,AWQ", "--backend", "vllm", "--hardware", "L4", "--request-rate", "2", "--prompt-tokens", "500", "--avg-tokens", "100", "--latency-slo", "9000", "--ttft-slo", "2000", "--quality-target", "0.4", "--budget", "900", "--max-gpus", "4", "--top", "2", "--kv-dtype", "fp8"];
    const plan = JSON.parse((await runInProcess(["plan", ...args, "--json"])).stdout) as PlanResult;
    expect(plan.scope).toMatchObject({
      models: ["llama3.2-1b", "qwen2.5-1.5b"],
      quants: ["FP16", "AWQ"],
      backends: ["vllm"],
      hardware: [{ name: "L4 24GB" }],
      request_rate: 2,
      prompt_tokens: 500,
      output_tokens: 100,
      context_length: 600,
      latency_slo_ms: 9000,
      ttft_slo_ms: 2000,
      quality_target: 0.4,
      budget_usd_per_month: 900,
      max_gpus: 4,
      kv_dtype: "fp8",
    });
    expect(plan.candidates.length).toBeLessThanOrEqual(2);
  });

  it("prints the tables: constraints, recommendation, performance, quality and cost, alternatives, survivors", async () => {
    const { code, stdout } = await runInProcess(["plan", "--models-path", TR133_MODELS]);
    expect(code).toBe(0);
    for (const part of ["Constraints", "Recommendation: llama3.2-3b Q4_K_M on ollama × 1 GPU", "performance", "quality and cost", "Sources:", "Warnings", "utilisation > 70% safety cap", "Alternatives", "passed all 5 gates"]) {
      expect(stdout).toContain(part);
    }
    expect(stdout).not.toContain(ESC);
    expect(stdout).toMatch(/throughput, one request\s+│ 182\.1 tok\/s \(quant multiplier\)\s+│ estimated/);
    expect(stdout).toContain("derived: arithmetic over the data");
  });

  it("explains: every rejected configuration with why, and how far each constraint can go", async () => {
    const { stdout } = await runInProcess(["plan", "--explain", "--models-path", TR133_MODELS]);
    expect(stdout).toMatch(/19 of 84 configurations passed all 5 gates/);
    expect(stdout).toContain("Why the other 65 configurations lost");
    expect(stdout).toMatch(/p95 \d+ ms > 5000 ms SLO on \d GPUs?/);
    expect(stdout).toContain("How far each constraint can go");
    expect(stdout).toMatch(/--budget 25\.21 +→ llama3\.2-3b Q4_K_M ollama ×1/);
  });

  it("when nothing fits, tallies the gates, names the last, and suggests the smallest changes", async () => {
    const { code, stdout } = await runInProcess(NO_FIT);
    expect(code).toBe(0);
    expect(stdout).toContain("No viable configuration: none of the 21 configurations passed all 5 gates.");
    expect(stdout).toContain("VRAM gate removed 6");
    expect(stdout).toContain("The capacity gate removed the last of them.");
    expect(stdout).toMatch(/--hardware "RTX 3080 10GB" +→ llama3\.1-8b Q3_K_S ollama ×1/);
    const json = JSON.parse((await runInProcess([...NO_FIT, "--json"])).stdout) as PlanResult;
    expect(json.candidates).toEqual([]);
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

  it("plans several GPUs as a table of each GPU's best, with a note on stderr for those without a price", async () => {
    const { stdout, stderr } = await runInProcess(["plan", "--model-size", "8b", "--hardware", "RTX 4090 24GB,L4,RTX 4060 8GB"]);
    expect(stdout).toContain("Best plan per GPU");
    expect(stdout).toMatch(/Recommendation: [\s\S]* on\s+(RTX\s+4090\s+24GB|L4\s+24GB)/);
    expect(stderr).toBe("note: 1 GPU has no on-demand price and was left out (another --price-basis, or --gpu-price, includes it): RTX 4060 8GB.\n");
  });

  it.each([
    [["--hardware", "4091"], "error: option '--hardware <gpu>' argument '4091' is not a known GPU."],
    [["--avg-tokens", "400", "--context-length", "256"], "error: option '--avg-tokens <tokens>' argument '400' does not fit the 256-token context: the output is part of it (raise --context-length)."],
    [["--model", "llama3.2-1b", "--model-size", "3b"], "error: option '--model-size <size>' plans a size class: give it or --model, not both."],
    [["--quant", "Q9"], "error: option '--quant <level>' argument 'Q9' is not a known weight format."],
    [["--model-size", "banana"], "error: option '--model-size <size>' argument 'banana' is not a size class"],
    [["--all", "--top", "2"], "error: option '--top <n>': --all shows every candidate: give it or --top <n>, not both."],
    [["--request-rate", "0"], "error: option '--request-rate <req/s>' argument '0' is invalid. Expected a number greater than 0 and at most 1000000."],
  ])("refuses %j in one line naming the flag, exit 2", async (args, message) => {
    const { code, stdout, stderr } = await runInProcess(["plan", ...args]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr.startsWith(message), stderr).toBe(true);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("with --json, an error is one JSON object on stderr: its code and message", async () => {
    const { code, stdout, stderr } = await runInProcess(["plan", "--hardware", "4091", "--json"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    const error = JSON.parse(stderr) as { error: { code: string; message: string } };
    expect(error.error.code).toBe("unknown_name");
    expect(error.error.message).toMatch(/^option '--hardware <gpu>' argument '4091' is not a known GPU/);
    const flag = JSON.parse((await runInProcess(["plan", "--request-rate", "-3", "--json"])).stderr) as { error: { code: string } };
    expect(flag.error.code).toBe("invalid_argument");
  });

  it("lists hardware and models, from plan flags or their own commands", async () => {
    const flag = JSON.parse((await runInProcess(["plan", "--list-hardware", "--json"])).stdout) as { name: string }[];
    const command = JSON.parse((await runInProcess(["list-hardware", "--json"])).stdout) as { name: string; price: { basis: string; source: string; date: string } | null }[];
    expect(flag).toEqual(command);
    expect(command.filter((g) => g.price).length).toBeGreaterThan(10);
    for (const g of command) {
      if (g.price) expect(Object.keys(g.price)).toEqual(expect.arrayContaining(["usd_per_hour", "basis", "source", "date"]));
    }
    const models = JSON.parse((await runInProcess(["list-models", "--json"])).stdout) as { name: string }[];
    expect(models.map((m) => m.name)).toContain("llama3.1-8b");
    expect((await runInProcess(["plan", "--list-models"])).stdout).toContain("qwen2.5-0.5b");
    expect((await runInProcess(["list-hardware"])).stdout).toMatch(/RTX 4090 24GB .* \$0.69 on demand, .* \$1599 /);
  });

  it("prints help with examples, and the version", async () => {
    const help = await runInProcess(["plan", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--request-rate <req/s>");
    expect(help.stdout).toContain("Examples:");
    expect(await runInProcess(["--version"])).toEqual({ code: 0, stdout: "0.0.0-test\n", stderr: "" });
  });
});
