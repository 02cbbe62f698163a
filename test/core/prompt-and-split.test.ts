import { beforeAll, describe, expect, it } from "vitest";
import { latencyAt } from "../../src/core/laws/queue.js";
import { activeWeightsGb } from "../../src/core/model/weights.js";
import { predictDeployment } from "../../src/core/search/predict.js";
import { configurations } from "../../src/core/search/configurations.js";
import { search } from "../../src/core/search/search.js";
import type { BackendSpec, Catalog, Scenario } from "../../src/core/catalog/types.js";
import { defaultCatalog, gpu, model, quant, request } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";

let catalog: Catalog;
beforeAll(async () => {
  catalog = await defaultCatalog();
});

const backend = (name: string): BackendSpec => catalog.backends.find((b) => b.name === name)!;

/** One request alone on one replica of `gpus` GPUs, with `prompt` prompt tokens. */
function alone(m: string, q: string, b: string, g: string, prompt: number, overrides: Partial<Scenario> = {}, gpus = 1) {
  const r = request(catalog, {
    sizeClass: { kind: "all" },
    requestRate: 0.001,
    latencySloMs: 1e9,
    budgetUsdPerMonth: Infinity,
    gpu: gpu(catalog, g, 1),
    promptTokens: prompt,
    contextLength: prompt + 128,
    outputTokens: 128,
    ...overrides,
  });
  return predictDeployment(catalog, r, model(catalog, m), quant(catalog, q), backend(b), { replicas: 1, concurrency: 1, gpus }).evaluation;
}

describe("a request has a prompt", () => {
  it("prefill is compute-bound: 8K prompt tokens take more than 10× the first token of 512", () => {
    for (const [m, q, b, g] of [
      ["llama3.1-8b", "FP16", "vllm", "A100 80GB SXM"],
      ["llama3.1-8b", "Q4_K_M", "llama.cpp", "RTX 4090 24GB"],
      ["qwen2.5-7b", "FP8", "tensorrt-llm", "H100 SXM 80GB"],
    ] as const) {
      const short = alone(m, q, b, g, 512);
      const long = alone(m, q, b, g, 8192);
      // The fixed time (the first token's, and each step's) is the same for both: the prompts' arithmetic scales with their length.
      const own = (e: typeof short) => e.sizing.prefillS - e.replica!.firstTokenFixedS - e.replica!.step.fixedS * Math.ceil(e.replica!.promptTokens / e.replica!.chunkTokens);
      expect(own(long) / own(short), `${m} ${b}`).toBeGreaterThan(10);
      expect(latencyAt(long.latency, "e2e", 95), `${m} ${b}`).toBeGreaterThan(latencyAt(short.latency, "e2e", 95));
    }
  });

  it("p95 rises with the prompt at every length", () => {
    const p95 = [256, 1024, 4096, 16384, 65536].map((n) => latencyAt(alone("llama3.1-8b", "FP16", "vllm", "H100 SXM 80GB", n, { contextLength: 70000 }).latency, "e2e", 95));
    for (let i = 1; i < p95.length; i++) expect(p95[i]).toBeGreaterThan(p95[i - 1]!);
  });

  it("at 0.1% of what it carries, the time to first token is the prefill (within 5%), and the last token adds the output one token at a time", () => {
    const e = alone("llama3.1-8b", "FP16", "vllm", "A100 80GB SXM", 2048);
    expect(e.latency.utilisation).toBeLessThan(0.01);
    expect(latencyAt(e.latency, "ttft", 50) / (e.sizing.prefillS * 1000)).toBeCloseTo(1, 1);
    const perToken = latencyAt(e.latency, "tpot", 50);
    expect(latencyAt(e.latency, "e2e", 50)).toBeCloseTo(latencyAt(e.latency, "ttft", 50) + 127 * perToken, 6);
  });

  it("prefill takes GPU time from decode: a longer prompt lowers the capacity at the same concurrency", () => {
    const capacity = (prompt: number) => alone("llama3.1-8b", "FP16", "vllm", "A100 80GB SXM", prompt).sizing.capacityRps;
    expect(capacity(8192)).toBeLessThan(capacity(128));
  });
});

describe("one model over several GPUs", () => {
  it("a 70B finds a plan on H100 80GB and on RTX 4090 24GB, split or quantized", () => {
    for (const g of ["H100 SXM 80GB", "RTX 4090 24GB"]) {
      const r = request(catalog, { sizeClass: { kind: "models", models: [model(catalog, "llama3.1-70b")] }, budgetUsdPerMonth: Infinity, latencySloMs: 30000, gpu: gpu(catalog, g) });
      const top = search(catalog, r, 3).candidates;
      expect(top.length, g).toBeGreaterThan(0);
      for (const c of top) expect(c.sizing.gpusPerReplica > 1 || c.quant.name !== "FP16", g).toBe(true);
    }
  });

  it("FP16 70B needs two H100s, and four 4-bit 70B layers fit two RTX 4090s", () => {
    const fp16 = alone("llama3.1-70b", "FP16", "vllm", "H100 SXM 80GB", 512, {}, 2);
    expect(fp16.deployedVram.totalGb).toBeLessThanOrEqual(80);
    expect(alone("llama3.1-70b", "FP16", "vllm", "H100 SXM 80GB", 512).deployedVram.totalGb).toBeGreaterThan(80);
    const q4 = alone("llama3.1-70b", "Q4_K_M", "llama.cpp", "RTX 4090 24GB", 512, {}, 2);
    expect(q4.deployedVram.totalGb).toBeLessThanOrEqual(24);
  });

  it("tensor parallelism decodes a big model faster per token; a layer split adds capacity but no speed", () => {
    const tp2 = alone("llama3.1-70b", "FP16", "vllm", "H100 SXM 80GB", 512, {}, 2);
    const tp4 = alone("llama3.1-70b", "FP16", "vllm", "H100 SXM 80GB", 512, {}, 4);
    expect(tp4.throughput.tokensPerSecond).toBeGreaterThan(tp2.throughput.tokensPerSecond * 1.2);
    const one = alone("llama3.1-8b", "Q4_K_M", "llama.cpp", "RTX 4090 24GB", 512);
    const two = alone("llama3.1-8b", "Q4_K_M", "llama.cpp", "RTX 4090 24GB", 512, {}, 2);
    expect(two.throughput.tokensPerSecond).toBeLessThanOrEqual(one.throughput.tokensPerSecond);
    expect(two.throughput.tokensPerSecond).toBeGreaterThan(one.throughput.tokensPerSecond * 0.8);
  });

  it("bills replicas × GPUs per replica, and never more than --max-gpus", () => {
    for (const maxGpus of [1, 2, 4, 16]) {
      const r = request(catalog, { sizeClass: { kind: "params", billions: 8 }, requestRate: 4, budgetUsdPerMonth: Infinity, latencySloMs: 20000, maxGpus, tensorParallel: "auto", gpu: gpu(catalog, "L40S 48GB") });
      for (const c of search(catalog, r, 20).candidates) {
        expect(c.sizing.gpusBilled).toBe(c.sizing.replicas * c.sizing.gpusPerReplica);
        expect(c.sizing.gpusBilled).toBeLessThanOrEqual(maxGpus);
        expect(c.monthlyCost).toBeCloseTo(r.gpu.usd_per_hour * 24 * 30 * c.sizing.gpusBilled, 6);
      }
    }
  });

  it("no decode speed is above the bandwidth of the GPUs reading at once over the active weights", () => {
    // Every configuration the search weighs, admitted or not (a candidate's speed is its configuration's).
    let checked = 0;
    for (const g of ["RTX 4090 24GB", "H100 SXM 80GB", "A100 80GB SXM"]) {
      const r = request(catalog, { sizeClass: { kind: "all" }, budgetUsdPerMonth: Infinity, latencySloMs: 1e9, tensorParallel: "auto", gpu: gpu(catalog, g) });
      for (const c of configurations(catalog, r)) {
        const readers = c.parallelism.split === "tensor" ? c.parallelism.gpusPerReplica : 1;
        const ceiling = (readers * r.gpu.bandwidth_gbps) / activeWeightsGb(c.model, c.quant);
        expect(c.throughput.tokensPerSecond, `${c.model.name} ${c.quant.name} ${c.backend} tp${c.parallelism.gpusPerReplica}`).toBeLessThanOrEqual(ceiling * (1 + 1e-9));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe("batching at scale", () => {
  it("an H100 serving an 8B runs far more than the 8 requests TR130 measured", () => {
    const r = request(catalog, {
      sizeClass: { kind: "models", models: [model(catalog, "llama3.1-8b")] },
      requestRate: 10,
      promptTokens: 128,
      contextLength: 256,
      budgetUsdPerMonth: Infinity,
      latencySloMs: 20000,
      maxGpus: 1,
      gpu: gpu(catalog, "H100 SXM 80GB"),
    });
    const vllm = search(catalog, r).candidates.find((c) => c.backend === "vllm");
    expect(vllm?.sizing.concurrency).toBeGreaterThan(8);
  });

  it("concurrency is bounded by the KV cache that fits: no deployment holds more than its VRAM", () => {
    const r = request(catalog, {
      sizeClass: { kind: "models", models: [model(catalog, "llama3.1-8b")] },
      requestRate: 20,
      contextLength: 32768,
      promptTokens: 16000,
      budgetUsdPerMonth: Infinity,
      latencySloMs: 1e6,
      gpu: gpu(catalog, "L4 24GB"),
    });
    for (const c of search(catalog, r).candidates) {
      expect(c.deployedVram.totalGb).toBeLessThanOrEqual(24);
      expect(c.sizing.concurrency * 16000).toBeLessThanOrEqual(c.kvCapacityTokens!);
    }
  });

  it("a step is the slower of memory and compute: per-request efficiency never rises with the batch", () => {
    const e = alone("llama3.1-8b", "FP16", "vllm", "H100 SXM 80GB", 512);
    let last = 1;
    for (const c of [1, 2, 8, 64, 256]) {
      const eta = e.concurrency.eta(c);
      expect(eta).toBeLessThanOrEqual(last + 1e-12);
      last = eta;
    }
  });
});

describe("weights and KV cache formats", () => {
  it("FP8 weights only on GPUs with FP8 tensor cores", () => {
    const fp8 = quant(catalog, "FP8");
    expect(catalog.engine.serves(backend("vllm"), fp8, gpu(catalog, "H100 SXM 80GB"), {})).toBe(true);
    expect(catalog.engine.serves(backend("vllm"), fp8, gpu(catalog, "A100 80GB SXM"), {})).toBe(false);
  });

  it("AWQ and GPTQ INT4 carry their group scales: more than 4 bits per weight", () => {
    for (const q of ["AWQ", "GPTQ-Int4"]) expect(quant(catalog, q).bits_per_weight).toBeGreaterThan(4);
  });

  it("an FP8 KV cache doubles the tokens the same pool holds, and reads less per token", () => {
    const base = { promptTokens: 30000, contextLength: 32000 };
    const fp16 = alone("llama3.1-8b", "FP16", "vllm", "H100 SXM 80GB", 30000, base);
    const fp8 = alone("llama3.1-8b", "FP16", "vllm", "H100 SXM 80GB", 30000, { ...base, kvDtype: "fp8" });
    expect(fp8.kvCapacityTokens! / fp16.kvCapacityTokens!).toBeCloseTo(2, 6);
    expect(fp8.throughput.tokensPerSecond).toBeGreaterThan(fp16.throughput.tokensPerSecond);
  });

  it("a backend that cannot store the KV cache type is not considered", () => {
    const r = request(catalog, { sizeClass: { kind: "params", billions: 8 }, budgetUsdPerMonth: Infinity, kvDtype: "q8_0", gpu: gpu(catalog, "RTX 4090 24GB") });
    const backends = new Set(search(catalog, r).candidates.map((c) => c.backend));
    expect([...backends].every((b) => b === "ollama" || b === "llama.cpp")).toBe(true);
  });
});

describe("workloads that cannot run", () => {
  it("refuses more output than context, with the default coefficients, in one line, exit 2", async () => {
    const { code, stdout, stderr } = await runInProcess(["plan", "--avg-tokens", "400", "--context-length", "256"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("--avg-tokens");
  });

  it("refuses a prompt and output longer than the context given", async () => {
    const { code, stderr } = await runInProcess(["predict", "--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--prompt-tokens", "2000", "--context-length", "2048"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--prompt-tokens");
  });

  it("rejects a context beyond the model's window at the context gate", async () => {
    const { stdout } = await runInProcess(["plan", "--json", "--explain", "--model-size", "1.5b", "--context-length", "131072"]);
    const out = JSON.parse(stdout) as { candidates: { model: string }[]; rejected: { model: string; gate: string }[] };
    expect(out.candidates.map((c) => c.model)).not.toContain("qwen2.5-1.5b");
    expect(out.rejected.filter((r) => r.model === "qwen2.5-1.5b").every((r) => r.gate === "context")).toBe(true);
  });
});
