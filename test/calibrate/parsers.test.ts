import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { LoadMetric, Measurement } from "../../src/core/calibrate/measurement.js";
import { parseBenchmarkOutput } from "../../src/core/calibrate/parse-output.js";
import { plainText } from "../../src/core/calibrate/text.js";
import { fixture } from "./fixtures.js";

/** A fixture parsed, which must be recognised. */
function parsed(file: string) {
  const output = parseBenchmarkOutput(readFileSync(fixture(file), "utf8"));
  if (!output) throw new Error(`${file} was not recognised`);
  return output;
}

/** The load figures of a measurement. */
function load(m: Measurement | undefined): LoadMetric {
  if (m?.metric.kind !== "load") throw new Error("not a load measurement");
  return m.metric;
}

describe("llama-bench", () => {
  it("JSONL: each pp and tg test at each depth, the GPU from gpu_info, the format from model_type", () => {
    const out = parsed("llama-bench/jsonl-rocm-radeon8060s-llama32-1b.jsonl");
    expect([out.tool, out.format, out.measurements.length, out.skipped]).toEqual(["llama-bench", "jsonl", 10, []]);
    const [first, second] = out.measurements;
    expect(first).toEqual({
      tool: "llama-bench",
      record: 1,
      model: { name: "llama 1B Q4_K - Medium", file: "/models/gguf/Llama-3.2-1B-Instruct-Q4_K_M.gguf", params: 1235814432, sizeBytes: 799862912 },
      quant: "Q4_K - Medium",
      backend: "llama.cpp",
      runtime: "ROCm",
      gpu: "Radeon 8060S Graphics",
      gpuCount: 1,
      metric: { kind: "prefill", tokensPerSecond: 4703.284998, promptTokens: 512, depthTokens: 0 },
    });
    expect(second?.metric).toEqual({ kind: "decode", tokensPerSecond: 195.653022, outputTokens: 128, depthTokens: 0 });
    expect(out.measurements[9]?.metric).toEqual({ kind: "decode", tokensPerSecond: 64.616239, outputTokens: 128, depthTokens: 65536 });
  });

  it("JSON (an array) and the old schema's cuda flag; the 2023 JSON, JSONL and CSV examples agree", () => {
    const json = parsed("llama-bench/docs-examples/readme-2023-rtx3090ti.json");
    const jsonl = parsed("llama-bench/docs-examples/readme-2023-rtx3090ti.jsonl");
    expect(json.format).toBe("json");
    expect(json.measurements.map((m) => m.metric)).toEqual(jsonl.measurements.map((m) => m.metric));
    expect(json.measurements[1]).toMatchObject({ runtime: "CUDA", gpu: "NVIDIA GeForce RTX 3090 Ti", quant: "Q4_0", metric: { kind: "decode", tokensPerSecond: 130.965708 } });
  });

  it("CSV: a header and rows; the README's rows with one value more (2023) or fewer (2026) than the header are re-aligned", () => {
    const old = parsed("llama-bench/docs-examples/readme-2023-rtx3090ti.csv");
    expect(old.format).toBe("csv (columns re-aligned)");
    expect(old.measurements[1]).toMatchObject({
      gpu: "NVIDIA GeForce RTX 3090 Ti",
      model: { file: "models/7B/ggml-model-q4_0.gguf", params: 6738415616, sizeBytes: 3825065984 },
      metric: { kind: "decode", tokensPerSecond: 132.052051, outputTokens: 128 },
    });
    const recent = parsed("llama-bench/docs-examples/readme-2026-rtx4080.csv");
    expect(recent.measurements.map((m) => m.metric)).toEqual([
      { kind: "prefill", tokensPerSecond: 7285.676949, promptTokens: 512, depthTokens: 0 },
      { kind: "decode", tokensPerSecond: 119.915244, outputTokens: 128, depthTokens: 0 },
    ]);
    expect(recent.measurements[0]).toMatchObject({ gpu: "NVIDIA GeForce RTX 4080", runtime: "CUDA", quant: "Q4_K - Medium", model: { file: "models/Qwen2.5-7B-Instruct-Q4_K_M.gguf" } });
  });

  it("markdown (-o md): old test names, the GPU from CUDA's device line, sizes in GiB", () => {
    const out = parsed("llama-bench/md-cuda-rtx4090-llama7b.txt");
    expect([out.format, out.measurements.length]).toEqual(["markdown", 5]);
    expect(out.measurements[0]).toEqual({
      tool: "llama-bench",
      record: 7,
      model: { name: "llama 7B F16", params: 6.74e9, sizeBytes: 12.55 * 2 ** 30 },
      quant: "F16",
      backend: "llama.cpp",
      runtime: "CUDA",
      gpu: "NVIDIA GeForce RTX 4090",
      gpuCount: 1,
      metric: { kind: "prefill", tokensPerSecond: 11048.22, promptTokens: 512, depthTokens: 0 },
    });
    expect(out.measurements[3]?.metric).toEqual({ kind: "decode", tokensPerSecond: 98.13, outputTokens: 128, depthTokens: 0 });
  });

  it("markdown: Vulkan's device line names the GPU; Metal's table names none; a pp+tg test is skipped", () => {
    expect(parsed("llama-bench/md-vulkan-radeon8060s-gptoss120b.txt").measurements[1]).toMatchObject({
      gpu: "Radeon 8060S Graphics",
      runtime: "Vulkan,RPC",
      metric: { kind: "decode", tokensPerSecond: 33.5 },
    });
    const metal = parsed("llama-bench/md-metal-m1ultra-tinyllama-1b.md");
    expect(metal.measurements.map((m) => [m.gpu, m.metric.kind, m.metric.kind === "load" ? 0 : m.metric.tokensPerSecond])).toEqual([
      [undefined, "prefill", 5587.84],
      [undefined, "prefill", 4381.75],
      [undefined, "decode", 242.56],
    ]);
    expect(metal.skipped).toEqual([{ record: 6, reason: "combined_test" }]);
  });
});

describe("vllm bench serve", () => {
  it("--save-result JSON (one object per run, appended as lines): the metadata's GPU and replicas, an 'inf' rate", () => {
    const out = parsed("vllm-bench/save-result-4xL40S-llama32-3b.jsonl");
    expect([out.tool, out.format, out.measurements.length]).toEqual(["vllm-bench", "jsonl", 9]);
    const first = out.measurements[0]!;
    expect(first).toMatchObject({ model: { name: "meta-llama/Llama-3.2-3B-Instruct" }, backend: "vllm", gpu: "NVIDIA L40S", gpuCount: 4, replicas: 4 });
    const m = load(first);
    expect(m).toMatchObject({ outputTokensPerSecond: 2258.212337970085, requestsPerSecond: 8.369432347779671, requestRate: 10, promptTokens: 999, requests: 300 });
    expect(m.outputTokens).toBeCloseTo(80945 / 300, 10);
    expect(m.ttft).toEqual({ meanMs: 54.59561144333596, medianMs: 52.868896000063614, p99Ms: 98.69780922984769 });
    expect(m.e2e).toEqual({ meanMs: undefined, medianMs: undefined, p99Ms: undefined });
    expect(load(out.measurements[2]).requestRate).toBeNull();
  });

  it("the printed summary: model, backend and concurrency limit from the Namespace line before it", () => {
    const out = parsed("vllm-bench/summary-strixhalo-radeon8060s-llama2-7b-c16.txt");
    expect([out.tool, out.format, out.measurements.length]).toEqual(["vllm-bench", "text", 1]);
    expect(out.measurements[0]).toMatchObject({ model: { name: "meta-llama/Llama-2-7b-chat-hf" }, backend: "vllm" });
    const m = load(out.measurements[0]);
    expect(m).toMatchObject({ outputTokensPerSecond: 72.17, requestsPerSecond: 0.41, maxConcurrency: 16, requestRate: null, requests: 64 });
    expect(m.tpot).toEqual({ meanMs: 162.64, medianMs: 159.98, p99Ms: 254.94 });
    expect(m.promptTokens).toBeCloseTo(17809 / 64, 10);
  });

  it("a bare summary block (padded values, no Namespace line) names no model or backend", () => {
    const out = parsed("vllm-bench/summary-gh200-llama33-70b.txt");
    expect([out.measurements[0]?.model.name, out.measurements[0]?.backend]).toEqual([undefined, undefined]);
    expect(load(out.measurements[0])).toMatchObject({ outputTokensPerSecond: 228.99, requests: 940, ttft: { meanMs: 204746.56 } });
  });
});

describe("SGLang bench_serving", () => {
  it("--output-file JSONL: the older schema's end-to-end latency and median TTFT; no model or GPU", () => {
    const out = parsed("sglang-bench/jsonl-4xH200-llama33-70b-online.jsonl");
    expect([out.tool, out.format, out.measurements.length]).toEqual(["sglang-bench", "jsonl", 7]);
    const first = out.measurements[0]!;
    expect([first.model.name, first.backend, first.gpu]).toEqual([undefined, "sglang", undefined]);
    expect(load(first)).toMatchObject({
      outputTokensPerSecond: 537.4142851849319,
      requestRate: 1,
      requests: 300,
      ttft: { medianMs: 85.74514742940664 },
      itl: { medianMs: 13.638956006616354 },
      e2e: { meanMs: 7840.616212638561, medianMs: 7819.046192569658 },
    });
    expect(load(first).requestsPerSecond).toBeCloseTo(300 / 298.3675805060193, 12);
  });

  it("Python's bare Infinity is read as an unlimited rate", () => {
    const line = '{"backend": "sglang", "request_rate": Infinity, "completed": 2, "duration": 1.0, "output_throughput": 10.0, "total_input_tokens": 4, "total_output_tokens": 10, "mean_e2e_latency_ms": 900.0}';
    expect(load(parseBenchmarkOutput(line)?.measurements[0]).requestRate).toBeNull();
  });
});

describe("ollama run --verbose", () => {
  it("each statistics block is a prefill and a decode; escapes and spinner frames are ignored; the model from the wrapper's line", () => {
    const out = parsed("ollama/verbose-raw-macmini-20gpu-gemma3-1b.log");
    expect([out.tool, out.measurements.length]).toEqual(["ollama", 10]);
    expect(out.measurements.every((m) => m.model.name === "gemma3:1b" && m.backend === "ollama")).toBe(true);
    const [prefill, decode] = out.measurements;
    expect(prefill?.metric).toEqual({ kind: "prefill", tokensPerSecond: 23 / 0.085963792, promptTokens: 23, depthTokens: 0 });
    expect(decode?.metric).toEqual({ kind: "decode", tokensPerSecond: 642 / 4.665623125, outputTokens: 642, depthTokens: 23 });
    expect(plainText("\u001b[?2026h\u001b[?25l\u001b[1G\u280b \u001b[K\u001b[?25htotal duration: 1s")).toBe(" total duration: 1s");
  });

  it("durations in minutes; a pasted block with no model line", () => {
    const cpu = parsed("ollama/verbose-raw-aws-t2large-cpuonly-deepseek-r1-1.5b.log");
    const minutes = cpu.measurements.find((m) => m.metric.kind === "decode" && m.metric.outputTokens === 831);
    expect(minutes?.metric).toMatchObject({ tokensPerSecond: expect.closeTo(9.9495, 4) as number });
    const pasted = parsed("ollama/verbose-issue1806-mistral-gpu-unstated.txt");
    expect(pasted.measurements.map((m) => [m.model.name, m.metric])).toEqual([
      [undefined, { kind: "prefill", tokensPerSecond: 11 / 0.204563, promptTokens: 11, depthTokens: 0 }],
      [undefined, { kind: "decode", tokensPerSecond: 120 / 4.876787, outputTokens: 120, depthTokens: 11 }],
    ]);
  });
});

describe("genai-perf", () => {
  it("profile_export_genai_perf.csv: both sections, quoted thousands; no model, backend or GPU", () => {
    const out = parsed("genai-perf/profile_export_genai_perf-dynamo-llama31-405b-fp8.csv");
    expect([out.tool, out.format, out.measurements.length]).toEqual(["genai-perf", "csv", 1]);
    expect([out.measurements[0]?.model, out.measurements[0]?.backend, out.measurements[0]?.gpu]).toEqual([{}, undefined, undefined]);
    expect(load(out.measurements[0])).toMatchObject({
      outputTokensPerSecond: 261.25,
      requestsPerSecond: 1.5,
      promptTokens: 3000.05,
      outputTokens: 174.45,
      requests: 40,
      ttft: { meanMs: 1146.31, medianMs: 640.07, p99Ms: 3457.97 },
      itl: { meanMs: 30.35, medianMs: 30.13, p99Ms: 35.23 },
      e2e: { meanMs: 6406.2, medianMs: 5690.23, p99Ms: 9436.13 },
    });
  });
});

it("text that is no tool's output is not recognised", () => {
  expect(parseBenchmarkOutput("hello\nworld\n")).toBeUndefined();
  expect(parseBenchmarkOutput('{"a": 1}')).toBeUndefined();
});
