import { describe, expect, it } from "vitest";
import type { PredictResult } from "../../src/core/planner/results.js";
import { TR133_MODELS } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";

describe("predict, in-process", () => {
  it("prints the prediction the library returns as one JSON object", async () => {
    const { code, stdout, stderr } = await runInProcess(["predict", "--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--concurrency", "8", "--json"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const p = JSON.parse(stdout) as PredictResult;
    expect(p).toMatchObject({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", concurrency: 8, replicas: 1 });
    expect(p.gates.length).toBeGreaterThan(3);
  });

  it("prints no speed for a configuration that does not fit, and says it does not", async () => {
    const { code, stdout } = await runInProcess(["predict", "--model", "llama3.1-70b", "--quant", "FP16", "--backend", "vllm", "--hardware", "RTX 4090"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/does not fit/);
    expect(stdout).toMatch(/Does not fit: VRAM\./);
    expect(stdout).not.toMatch(/throughput, one request|first token|tok\/s in total/);
  });

  it("prints the predictions with sources and the gates with margins", async () => {
    const { stdout } = await runInProcess(["predict", "--model", "llama3.2-3b", "--quant", "Q4_K_M", "--backend", "ollama", "--models-path", TR133_MODELS]);
    expect(stdout).toContain("Prediction: llama3.2-3b Q4_K_M ollama ×1 on RTX 4080 12GB");
    expect(stdout).toMatch(/latency\s+│ pass │\s+3195\.9 ms │\s+5000\.0 ms │\s+\+1804\.1 ms/);
    expect(stdout).toContain("Passes all 5 gates.");
  });

  it.each([
    [["--model", "llama9", "--quant", "FP16", "--backend", "vllm"], /^error: option '--model <name>' argument 'llama9' is not a known model\. Closest: "llama3-8b"/],
    [["--model", "llama3.2-1b", "--quant", "Q9", "--backend", "vllm"], /^error: option '--quant <level>' argument 'Q9' is not a known weight format\. Valid: FP16, Q8_0/],
    [["--quant", "FP16", "--backend", "vllm"], /^error: option '--model <name>' is needed: predict takes one model, by --model, --model-config or --params-b/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--agents", "0"], /--agents.*'0'/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--agents", "2", "--replicas", "3"], /^error: option '--replicas <n>' argument '3' contradicts --agents 2/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--concurrency", "2", "--replicas", "3", "--models-path", TR133_MODELS], /^error: option '--concurrency <n>' argument '2' differs from --replicas 3/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--gpu-tflops", "100"], /^error: option '--gpu-memory <GB>': --gpu-tflops describes a GPU given by --gpu-memory and --gpu-bandwidth/],
    [["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--gpu-memory", "24"], /^error: option '--gpu-memory <GB>': --gpu-memory needs --gpu-bandwidth/],
  ])("refuses %j in one line naming the flag, exit 2", async (args, message) => {
    const { code, stdout, stderr } = await runInProcess(["predict", ...args]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
