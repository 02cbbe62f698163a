import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/core/search/candidate.js";
import type { PredictionJson } from "../../src/commands/predict.js";
import { TR133_MODELS } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";

const WORKLOAD = ["--request-rate", "2", "--latency-slo", "20000", "--hardware", "RTX 4090 24GB", "--context-length", "4096", "--avg-tokens", "256"];

describe("predict", () => {
  it("reproduces, field for field, every candidate plan prints for the same workload", async () => {
    const plan = JSON.parse(
      (await runInProcess(["plan", "--json", "--model-size", "all", "--budget", "1000", ...WORKLOAD, "--models-path", TR133_MODELS])).stdout,
    ) as Candidate[];
    expect(plan.length).toBeGreaterThan(30);
    expect(new Set(plan.map((c) => c.n_agents)).size).toBeGreaterThan(3);
    for (const c of plan) {
      const args = ["predict", "--json", "--model", c.model, "--quant", c.quant, "--backend", c.backend, "--agents", String(c.n_agents)];
      const { code, stdout } = await runInProcess([...args, "--budget", "1000", ...WORKLOAD, "--models-path", TR133_MODELS]);
      expect(code).toBe(0);
      const p = JSON.parse(stdout) as PredictionJson;
      const { gates, passes_all_gates, ...fields } = p;
      expect(fields).toEqual(c);
      expect(passes_all_gates).toBe(true);
      expect(gates.map((g) => g.gate)).toEqual(["vram", "quality", "capacity", "latency", "budget"]);
    }
  });

  it("reproduces every candidate of a plan with the default coefficients too", async () => {
    const work = ["--request-rate", "3", "--latency-slo", "20000", "--hardware", "RTX 4090 24GB", "--budget", "5000"];
    const plan = JSON.parse((await runInProcess(["plan", "--json", "--model-size", "1b", ...work])).stdout) as Candidate[];
    expect(plan.length).toBeGreaterThan(20);
    expect(plan.some((c) => c.concurrency > 1)).toBe(true);
    for (const c of plan) {
      const args = ["predict", "--json", "--model", c.model, "--quant", c.quant, "--backend", c.backend];
      const deployment = ["--replicas", String(c.replicas), "--concurrency", String(c.concurrency), "--tp", String(c.tensor_parallel)];
      const { stdout } = await runInProcess([...args, ...deployment, ...work]);
      const { gates, passes_all_gates, ...fields } = JSON.parse(stdout) as PredictionJson;
      expect(fields).toEqual(c);
      expect(passes_all_gates).toBe(true);
      expect(gates.every((g) => g.passed)).toBe(true);
    }
  });

  it("shows which gates fail, with negative margins", async () => {
    const { stdout } = await runInProcess([
      "predict", "--json", "--model", "llama3.1-8b", "--quant", "FP16", "--backend", "ollama", "--models-path", TR133_MODELS,
    ]);
    const p = JSON.parse(stdout) as PredictionJson;
    expect(p.passes_all_gates).toBe(false);
    const vram = p.gates.find((g) => g.gate === "vram")!;
    expect(vram).toMatchObject({ passed: false, limit: 12, unit: "GB" });
    expect(vram.margin).toBeCloseTo(12 - p.vram_gb, 2);
  });

  it("reports an unbounded p95 as null when the deployment cannot carry the load", async () => {
    const { stdout } = await runInProcess([
      "predict", "--json", "--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--request-rate", "100",
    ]);
    const p = JSON.parse(stdout) as PredictionJson;
    expect(p.p95_latency_ms).toBeNull();
    expect(p.gates.find((g) => g.gate === "latency")?.passed).toBe(false);
  });

  it("accepts names in any case", async () => {
    const { code } = await runInProcess(["predict", "--model", "LLAMA3.2-1B", "--quant", "q4_k_m", "--backend", "OLLAMA", "--json"]);
    expect(code).toBe(0);
  });

  it.each([
    [["--model", "llama9", "--quant", "FP16", "--backend", "vllm"], /--model <name>.*'llama9' is not a known model\. Closest: "llama3-8b"/],
    [["--model", "llama3.2-1b", "--quant", "Q9", "--backend", "vllm"], /--quant <level>.*'Q9' is not a known quant\. Valid: FP16, Q8_0/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "triton"], /--backend <name>.*'triton' is not a known backend\. Valid: ollama, llama\.cpp, vllm, tgi, sglang/],
    [["--quant", "FP16", "--backend", "vllm"], /predict needs a model: --model <name>, --model-config <file>/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--agents", "0"], /--agents.*'0'/],
    [["--model", "llama3.2-1b", "--quant", "Q4_K_M", "--backend", "vllm"], /--quant <level>.*'Q4_K_M' is not served: vllm does not serve gguf weights; it serves here: FP16, GPTQ-Int8, FP8, AWQ, GPTQ-Int4/],
    [["--model", "llama3.2-1b", "--quant", "FP8", "--backend", "vllm", "--hardware", "A100 80GB"], /'FP8' is not served: A100 80GB SXM has no FP8 tensor cores/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--hardware", "M2 Ultra", "--gpu-price", "1"], /vllm does not run on apple GPUs \(Apple M2 Ultra\)/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--hardware", "all"], /predict takes one GPU/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--agents", "2", "--replicas", "3"], /--agents.*contradicts --replicas 3/],
  ])("rejects %j with exit 2 and the valid names", async (args, message) => {
    const { code, stdout, stderr } = await runInProcess(["predict", ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("prints the six predictions with sources and the gates with margins", async () => {
    const { stdout } = await runInProcess(["predict", "--model", "llama3.2-3b", "--quant", "Q4_K_M", "--backend", "ollama", "--models-path", TR133_MODELS]);
    expect(stdout).toContain("Prediction: llama3.2-3b Q4_K_M ollama ×1 on RTX 4080 12GB");
    expect(stdout).toMatch(/latency\s+│ pass │\s+3195\.9 ms │\s+5000\.0 ms │\s+\+1804\.1 ms/);
    expect(stdout).toContain("Passes all 5 gates.");
  });
});

describe("predict --json gates", () => {
  it("rounds every gate's figures in its unit, and says unknown or unbounded instead of printing null or infinity", async () => {
    const run = async (extra: string[]) =>
      JSON.parse((await runInProcess(["predict", "--json", "--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", ...extra])).stdout) as PredictionJson;
    const saturated = await run(["--request-rate", "1e6"]);
    const latency = saturated.gates.find((g) => g.gate === "latency")!;
    expect(latency).toMatchObject({ passed: false, prediction: "unbounded" });
    expect(latency).not.toHaveProperty("value");
    for (const p of [saturated, await run([])]) {
      const text = JSON.stringify(p.gates);
      expect(text).not.toMatch(/null|Infinity|NaN/);
      for (const g of p.gates) {
        for (const x of [g.value, g.limit, g.margin]) {
          if (x === undefined) continue;
          const decimals = String(x).split(".")[1]?.length ?? 0;
          expect(decimals, `${g.gate} ${x}`).toBeLessThanOrEqual(3);
        }
      }
    }
  });
});
