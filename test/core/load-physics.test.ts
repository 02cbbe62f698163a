import { beforeAll, describe, expect, it } from "vitest";
import { closedLoop } from "../../src/core/laws/closed-loop.js";
import { concurrencyLimit, replicaUnderLoad, saturation, type Replica } from "../../src/core/laws/replica.js";
import { decodeStepS, distinctExperts, lineSumS, decodeLine, promptPrefillS, stepTime } from "../../src/core/laws/step.js";
import { predictDeployment } from "../../src/core/search/predict.js";
import { simulateReplica } from "../../src/core/simulate/simulate.js";
import { readWeightsGb } from "../../src/core/model/weights.js";
import type { BackendSpec, Catalog, Gpu, Scenario } from "../../src/core/catalog/types.js";
import { customGpu, priced } from "../../src/core/hardware/gpu.js";
import { defaultCatalog, gpu, model, quant, request } from "../helpers/catalog.js";

let catalog: Catalog;
beforeAll(async () => {
  catalog = await defaultCatalog();
});

const backend = (name: string): BackendSpec => catalog.backends.find((b) => b.name === name)!;

/** One configuration deployed once on `g` with `concurrency` sequences, under `overrides`. */
function deployed(m: string, q: string, b: string, g: Gpu, concurrency: number, overrides: Partial<Scenario> = {}) {
  const r = request(catalog, { sizeClass: { kind: "all" }, gpu: priced(g, 1)!, requestRate: 0.001, latencySloMs: 1e9, budgetUsdPerMonth: Infinity, promptTokens: 512, contextLength: 1024, outputTokens: 256, ...overrides });
  return predictDeployment(catalog, r, model(catalog, m), quant(catalog, q), backend(b), { replicas: 1, concurrency }).evaluation;
}

describe("the engine step", () => {
  it("counts the experts a batch touches: E·(1 − (1 − k/E)^tokens), from k alone to every one", () => {
    expect(distinctExperts(128, 8, 1)).toBeCloseTo(8, 9);
    expect(distinctExperts(128, 8, 64)).toBeGreaterThan(120);
    expect(distinctExperts(128, 8, 10000)).toBeCloseTo(128, 6);
  });

  it("a prompt's chunks sum in closed form to what stepping chunk by chunk gives, memory- or compute-bound, alone or beside a batch", () => {
    for (const [m, g, sequences, context] of [
      ["llama3.1-8b", "H100 SXM 80GB", 0, 0],
      ["llama3.1-8b", "H100 SXM 80GB", 32, 3000],
      ["qwen3-30b-a3b", "RTX 4090 24GB", 8, 20000],
    ] as const) {
      const step = deployed(m, m === "qwen3-30b-a3b" ? "AWQ" : "FP16", "vllm", gpu(catalog, g), 8).replica!.step;
      for (const [promptTokens, cachedTokens, chunkTokens] of [
        [100_000, 0, 2048],
        [30_001, 4_000, 512],
        [700, 0, 8192],
      ] as const) {
        const decode = decodeStepS(step, sequences, context);
        let walked = 0;
        for (let done = cachedTokens; done < promptTokens; done += chunkTokens) {
          const n = Math.min(chunkTokens, promptTokens - done);
          walked += stepTime(step, { decoding: sequences, kvTokens: sequences * context, prefillTokens: n, prefillPairs: n * done + (n * (n + 1)) / 2, prefixTokens: done }) - decode;
        }
        expect(promptPrefillS(step, { promptTokens, cachedTokens, chunkTokens, sequences, contextTokens: context }) / walked).toBeCloseTo(1, 9);
      }
    }
  });

  it("a stretch of decode steps sums in closed form to what stepping one at a time gives", () => {
    const e = deployed("llama3.1-8b", "FP16", "vllm", gpu(catalog, "H100 SXM 80GB"), 64);
    const step = e.replica!.step;
    const line = decodeLine(step, 64, 64 * 700);
    let walked = 0;
    for (let i = 0; i < 300; i++) walked += stepTime(step, { decoding: 64, kvTokens: 64 * 700 + i * 64, prefillTokens: 0, prefillPairs: 0, prefixTokens: 0 });
    expect(lineSumS(line, 300)).toBeCloseTo(walked, 9);
  });

  it("a mixture's throughput at load never exceeds the bandwidth over the weights its batch touches", () => {
    for (const [m, q, g] of [
      ["qwen3-30b-a3b", "FP8", "H100 SXM 80GB"],
      ["gpt-oss-120b", "MXFP4", "H100 SXM 80GB"],
      ["mixtral-8x7b", "FP16", "H200 SXM 141GB"],
    ] as const) {
      const e = deployed(m, q, "vllm", gpu(catalog, g), 64);
      const spec = e.model;
      const experts = spec.experts!;
      const touched = distinctExperts(experts.total, experts.perToken, 64) / experts.total;
      // Dense weights plus the routed experts 64 tokens touch, read once per step of 64 tokens.
      const bytes = (readWeightsGb(spec, e.quant) - (experts.routedParamsB * e.quant.bits_per_weight * (experts.perToken / experts.total)) / 8 + (experts.routedParamsB * e.quant.bits_per_weight * touched) / 8) * 1e9;
      const bound = (64 * gpu(catalog, g).bandwidth_gbps * 1e9) / bytes;
      const perStep = 64 / decodeStepS(e.replica!.step, 64, 512 + 128);
      expect(perStep, `${m}`).toBeLessThanOrEqual(bound);
    }
  });
});

describe("monotone in the hardware", () => {
  it("more bandwidth never lowers a predicted speed, alone or at load, on any platform", () => {
    const configs = [
      ["llama3.2-3b", "Q4_K_M", "llama.cpp"],
      ["llama3.1-8b", "FP16", "vllm"],
      ["qwen2.5-7b", "AWQ", "sglang"],
      ["llama3.1-8b", "FP8", "tensorrt-llm"],
    ] as const;
    for (const platform of [undefined, "nvidia", "amd", "apple"] as const) {
      for (const [m, q, b] of configs) {
        if (platform === "apple" && b !== "llama.cpp") continue;
        if (platform === "amd" && b === "tensorrt-llm") continue;
        let last = { alone: 0, load: 0 };
        for (const bandwidth of [200, 400, 800, 1000, 1600, 2000, 3000, 5000, 8000]) {
          const g = customGpu({ memoryGb: 80, bandwidthGbps: bandwidth, tflops: 300, ...(platform ? { platform } : {}) });
          const e = deployed(m, q, b, g, 32);
          const now = { alone: e.throughput.tokensPerSecond, load: e.sizing.totalTps };
          expect(now.alone, `${m} ${b} ${platform} ${bandwidth}`).toBeGreaterThanOrEqual(last.alone);
          expect(now.load, `${m} ${b} ${platform} ${bandwidth}`).toBeGreaterThanOrEqual(last.load);
          last = now;
        }
      }
    }
  });

  it("more compute or memory never lowers throughput at load", () => {
    let last = 0;
    for (const tflops of [50, 100, 200, 400, 800]) {
      const now = deployed("llama3.1-8b", "FP16", "vllm", customGpu({ memoryGb: 48, bandwidthGbps: 1000, tflops }), 128).sizing.totalTps;
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
    last = 0;
    for (const memory of [24, 32, 48, 80, 141]) {
      const now = deployed("llama3.1-8b", "FP16", "vllm", customGpu({ memoryGb: memory, bandwidthGbps: 1000, tflops: 300 }), 1024).sizing.totalTps;
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
  });
});

describe("a replica under load", () => {
  let r: Replica;
  beforeAll(() => {
    r = deployed("llama3.1-8b", "FP16", "vllm", gpu(catalog, "H100 SXM 80GB"), 256).replica!;
  });

  it("at 1% utilisation the time to first token is the prefill on a free replica, within 5%", () => {
    const top = saturation(r, concurrencyLimit(r)).requestsPerS;
    const load = replicaUnderLoad(r, concurrencyLimit(r), top * 0.01);
    const alone = replicaUnderLoad(r, concurrencyLimit(r), 1e-9).ms.ttft.p50;
    expect(load.ms.ttft.p50 / alone).toBeGreaterThan(0.95);
    expect(load.ms.ttft.p50 / alone).toBeLessThan(1.05);
  });

  it("latencies rise with the load, each percentile above the one before", () => {
    const top = saturation(r, concurrencyLimit(r)).requestsPerS;
    let last = 0;
    for (const share of [0.1, 0.4, 0.7, 0.9]) {
      const l = replicaUnderLoad(r, concurrencyLimit(r), top * share);
      expect(l.ms.e2e.p50).toBeGreaterThanOrEqual(last);
      expect(l.ms.ttft.p99).toBeGreaterThanOrEqual(l.ms.ttft.p50);
      expect(l.ms.tpot.p99).toBeGreaterThanOrEqual(l.ms.tpot.p50);
      last = l.ms.e2e.p50;
    }
    expect(replicaUnderLoad(r, concurrencyLimit(r), top * 1.01).ms.ttft.p50).toBe(Infinity);
  });

  it("the simulator is deterministic for a seed, and agrees with the analytic model at moderate load", () => {
    const rate = saturation(r, concurrencyLimit(r)).requestsPerS * 0.5;
    const run = (seed: number) => simulateReplica({ replica: r, arrival: { kind: "poisson", rate }, requests: 1500, seed });
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8).ttftMs.p50).not.toBe(a.ttftMs.p50);
    const analytic = replicaUnderLoad(r, concurrencyLimit(r), rate);
    expect(a.saturated).toBe(false);
    expect(a.tpotMs.p50 / analytic.ms.tpot.p50).toBeGreaterThan(0.7);
    expect(a.tpotMs.p50 / analytic.ms.tpot.p50).toBeLessThan(1.4);
    expect(a.throughputTps / (rate * r.outputTokens)).toBeGreaterThan(0.9);
  });

  it("one slot waits as M/D/1: its first token's tail is the simulator's at moderate load, and finite until the slot is full", () => {
    const slot = deployed("llama3.1-8b", "Q4_K_M", "llama.cpp", gpu(catalog, "RTX 4090 24GB"), 1).replica!;
    const one = { ...slot, maxSequences: 1 };
    const top = saturation(one, 1).requestsPerS;
    // A lone slot decodes alone: nothing rides along, so its tokens come a decode step apart at any load.
    expect(saturation(one, 1).tpotS).toBe(saturation(one, 1).decodeStepS);
    for (const share of [0.3, 0.6]) {
      const simulated = simulateReplica({ replica: one, arrival: { kind: "poisson", rate: top * share }, requests: 4000, seed: 3 });
      const analytic = replicaUnderLoad(one, 1, top * share);
      expect(analytic.ms.ttft.p95 / simulated.ttftMs.p95).toBeGreaterThan(0.8);
      expect(analytic.ms.ttft.p95 / simulated.ttftMs.p95).toBeLessThan(1.25);
    }
    expect(Number.isFinite(replicaUnderLoad(one, 1, top * 0.98).ms.ttft.p95)).toBe(true);
  });

  it("past what it carries the simulator says the queue kept growing, and goodput counts requests within every SLO", () => {
    const top = saturation(r, concurrencyLimit(r)).requestsPerS;
    const over = simulateReplica({ replica: r, arrival: { kind: "poisson", rate: top * 2 }, requests: 1500, seed: 1 });
    expect(over.saturated).toBe(true);
    const slow = simulateReplica({ replica: r, arrival: { kind: "poisson", rate: top * 0.3 }, requests: 800, seed: 1, slo: { ttftMs: 1e-3 } });
    expect(slow.goodput).toBe(0);
    const easy = simulateReplica({ replica: r, arrival: { kind: "poisson", rate: top * 0.3 }, requests: 800, seed: 1, slo: { ttftMs: 1e9 } });
    expect(easy.goodput).toBe(1);
  });

  it("a closed loop of users keeps the replica full: its throughput is the saturation's, and more users than slots wait", () => {
    const c = 16;
    const loop = closedLoop(r, c, c);
    expect(loop.requestsPerS).toBeCloseTo(saturation(r, c).requestsPerS, 9);
    expect(closedLoop(r, c, 4 * c).ms.ttft.p50).toBeGreaterThan(loop.ms.ttft.p50);
    const sim = simulateReplica({ replica: { ...r, maxSequences: c }, arrival: { kind: "closed", users: c }, requests: 400, seed: 1 });
    expect(sim.throughputTps / (loop.requestsPerS * r.outputTokens)).toBeGreaterThan(0.8);
    expect(sim.throughputTps / (loop.requestsPerS * r.outputTokens)).toBeLessThan(1.25);
  });

  it("a paged KV cache that runs out preempts and recomputes; a reserved one admits only whole contexts", () => {
    const tight = { ...r, kvCapacityTokens: 6000, maxSequences: 64 };
    const paged = simulateReplica({ replica: tight, arrival: { kind: "burst", size: 40 }, requests: 40, seed: 1 });
    expect(paged.preemptions).toBeGreaterThan(0);
    expect(paged.requests).toBe(40);
    const reserved = simulateReplica({ replica: { ...tight, kvAllocation: "reserved" }, arrival: { kind: "burst", size: 40 }, requests: 40, seed: 1 });
    expect(reserved.preemptions).toBe(0);
    expect(reserved.meanBatch).toBeLessThanOrEqual(Math.floor(6000 / tight.contextLength) + 1e-9);
  });
});
