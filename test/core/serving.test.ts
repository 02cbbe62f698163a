import { beforeAll, describe, expect, it } from "vitest";
import { configurations } from "../../src/core/search/configurations.js";
import { judge } from "../../src/core/search/gates.js";
import { search } from "../../src/core/search/search.js";
import { latencyAt, latencyMiss } from "../../src/core/laws/queue.js";
import { withSequences } from "../../src/core/laws/vram.js";
import { kvCacheGib } from "../../src/core/model/weights.js";
import type { Catalog } from "../../src/core/catalog/types.js";
import { defaultCatalog, gpu, request, tr133Catalog } from "../helpers/catalog.js";

let catalog: Catalog;
let tr133: Catalog;
beforeAll(async () => {
  [catalog, tr133] = await Promise.all([defaultCatalog(), tr133Catalog()]);
});

describe("the engine step's coefficients", () => {
  it("fit each batching engine's host time per step and per sequence, and lend them, saying so, to the engines never measured under load", () => {
    const step = catalog.fitted.step_v1!;
    for (const b of ["vllm", "sglang", "tensorrt-llm", "llama.cpp"]) {
      const pair = step.pairs[`${b}|any`]!;
      expect(pair.load_source, b).toBe("fitted");
      expect(pair.load_points, b).toBeGreaterThan(0);
      expect(pair.sequence_ms, b).toBeGreaterThan(0);
    }
    expect(step.pairs["tgi|any"]!.load_source).toBe("borrowed from vllm");
    expect(step.pairs["ollama|any"]!.load_source).toBe("borrowed from llama.cpp");
  });

  it("keep every share of bandwidth and compute within (0, 1], and all-reduce latencies within NCCL's range", () => {
    const step = catalog.fitted.step_v1!;
    for (const [key, pair] of Object.entries(step.pairs)) {
      for (const e of [...Object.values(pair.weight_efficiency), pair.kv_efficiency, ...Object.values(pair.compute_efficiency), pair.attention_efficiency]) {
        expect(e, key).toBeGreaterThan(0);
        expect(e, key).toBeLessThanOrEqual(1);
      }
    }
    for (const link of Object.values(step.links)) {
      expect(link.allreduce_us).toBeGreaterThanOrEqual(2);
      expect(link.allreduce_us).toBeLessThanOrEqual(200);
    }
  });
});

describe("VRAM, version 2", () => {
  it("has a fixed runtime intercept near 1 GB and no weights below their size", () => {
    const v2 = catalog.fitted.vram_v2!;
    expect(v2.overhead_factor).toBeGreaterThanOrEqual(1);
    expect(v2.intercept_gib).toBeGreaterThan(0.8);
    expect(v2.intercept_gib).toBeLessThan(1.3);
  });

  it("counts the KV cache of every concurrent sequence", () => {
    const m = catalog.models.find((x) => x.name === "llama3.2-1b")!;
    const one = { weightsGb: 2, kvCacheGb: kvCacheGib(m, 4096), activationsGb: 0.1, overheadGb: 1, totalGb: 3.1 + kvCacheGib(m, 4096) };
    const eight = withSequences(one, kvCacheGib(m, 4096), 8);
    expect(eight.totalGb - one.totalGb).toBeCloseTo(7 * kvCacheGib(m, 4096), 12);
    expect(eight.kvCacheGb).toBeCloseTo(8 * kvCacheGib(m, 4096), 12);
  });

  it("no longer rejects long contexts on memory they would not use", () => {
    const long = (c: Catalog) => request(c, { contextLength: 32768, gpu: gpu(c, "RTX 4080 16GB"), latencySloMs: 60000, requestRate: 0.1, budgetUsdPerMonth: 1000 });
    expect(search(tr133, long(tr133)).candidates.filter((c) => c.model.name === "llama3.2-3b" && c.quant.name === "FP16")).toEqual([]);
    const fp16 = search(catalog, long(catalog)).candidates.filter((c) => c.model.name === "llama3.2-3b" && c.quant.name === "FP16");
    expect(fp16.length).toBeGreaterThan(0);
  });
});

describe("memory as engines allocate it", () => {
  it("vLLM takes its share of the card up front, its KV pool what the weights and reserves leave; it runs only if one whole context fits", () => {
    const r = request(catalog, { sizeClass: { kind: "all" }, gpu: gpu(catalog, "RTX 4090 24GB", 1), contextLength: 4096, budgetUsdPerMonth: Infinity });
    const m = catalog.models.find((x) => x.name === "llama3.1-8b")!;
    const config = catalog.engine.configure(m, catalog.quants.find((q) => q.name === "FP16")!, catalog.backends.find((b) => b.name === "vllm")!, r);
    const taken = config.allocatedVram!;
    expect(taken.totalGb).toBeCloseTo(0.92 * r.gpu.vram_gb, 6);
    expect(taken.totalGb).toBeLessThan(r.gpu.vram_gb);
    expect(config.kvCapacityTokens! * (kvCacheGib(m, 4096) / 4096)).toBeCloseTo(taken.kvCacheGb, 6);
    expect(config.vram.totalGb <= config.vramLimitGb).toBe(taken.kvCacheGb >= kvCacheGib(m, 4096));
  });
});

describe("what each backend serves", () => {
  it("plans only a format a backend serves, on a platform it runs on, FP8 only on FP8 tensor cores", () => {
    for (const name of ["RTX 3090 24GB", "RTX 4090 24GB", "H100 SXM 80GB", "AMD MI300X 192GB", "A100 80GB SXM"]) {
      const g = gpu(catalog, name);
      const wide = request(catalog, { sizeClass: { kind: "params", billions: 3 }, gpu: g, latencySloMs: 60000, budgetUsdPerMonth: 1e6, qualityTarget: 0, requestRate: 0.5 });
      const result = search(catalog, wide);
      expect(result.candidates.length, name).toBeGreaterThan(0);
      for (const c of [...result.candidates.map((e) => ({ backend: e.backend, quant: e.quant.name })), ...result.rejected]) {
        const backend = catalog.backends.find((b) => b.name === c.backend)!;
        const quant = catalog.quants.find((q) => q.name === c.quant)!;
        expect(backend.formats, `${name} ${c.backend} ${c.quant}`).toContain(quant.format);
        if (quant.format === "fp8") expect(g.fp8, `${name} FP8`).toBe(true);
      }
    }
  });

  it("plans Apple GPUs on llama.cpp and Ollama only", () => {
    const apple = gpu(catalog, "Apple M2 Ultra", 1);
    const result = search(catalog, request(catalog, { sizeClass: { kind: "params", billions: 8 }, gpu: apple, budgetUsdPerMonth: 1e4, latencySloMs: 60000, requestRate: 0.2 }));
    expect(result.candidates.length).toBeGreaterThan(0);
    for (const c of [...result.candidates.map((e) => e.backend), ...result.rejected.map((r) => r.backend)]) {
      expect(["ollama", "llama.cpp"]).toContain(c);
    }
  });
});

describe("replicas apart from concurrency", () => {
  it("bills replicas, not concurrency, keeps each replica's sequences within its KV cache, and carries the load", () => {
    for (const rate of [0.5, 2, 6, 12]) {
      const r = request(catalog, { sizeClass: { kind: "params", billions: 1 }, requestRate: rate, budgetUsdPerMonth: 1e4, latencySloMs: 20000 });
      for (const c of search(catalog, r).candidates) {
        expect(c.monthlyCost).toBeCloseTo(r.gpu.usd_per_hour * 24 * 30 * c.sizing.gpusBilled, 9);
        expect(c.deployedVram.totalGb).toBeLessThanOrEqual(r.gpu.vram_gb);
        expect(c.sizing.concurrency).toBeLessThanOrEqual(c.concurrency.maxSequences);
        expect(c.sizing.totalTps).toBeGreaterThanOrEqual(rate * r.outputTokens);
        expect(c.latency.utilisation).toBeLessThan(1);
      }
    }
  });

  it("picks concurrency before paying for another GPU", () => {
    const r = request(catalog, { sizeClass: { kind: "params", billions: 1 }, requestRate: 3, budgetUsdPerMonth: 1000, latencySloMs: 10000 });
    const vllm = search(catalog, r).candidates.find((c) => c.backend === "vllm");
    expect(vllm?.sizing.replicas).toBe(1);
    expect(vllm?.sizing.concurrency).toBeGreaterThan(1);
  });
});

describe("latency gates at the percentile asked", () => {
  it("a tail percentile never admits what the median turns away, and costs at least as much", () => {
    const at = (percentile: 50 | 99) =>
      search(catalog, request(catalog, { sizeClass: { kind: "params", billions: 8 }, requestRate: 4, latencySloMs: 8000, ttftSloMs: 600, budgetUsdPerMonth: Infinity, percentile, gpu: gpu(catalog, "L40S 48GB") }));
    const median = at(50);
    const tail = at(99);
    expect(tail.passed!).toBeLessThanOrEqual(median.passed!);
    if (tail.candidates[0] && median.candidates[0]) expect(tail.candidates[0].monthlyCost).toBeGreaterThanOrEqual(median.candidates[0].monthlyCost);
    for (const c of tail.candidates) expect(latencyAt(c.latency, "ttft", 99)).toBeLessThanOrEqual(600);
  });

  it("a time-per-token limit turns away what decodes too slowly", () => {
    const r = request(catalog, { sizeClass: { kind: "params", billions: 8 }, requestRate: 2, budgetUsdPerMonth: Infinity, tpotSloMs: 20, latencySloMs: 60000, gpu: gpu(catalog, "RTX 4090 24GB") });
    const result = search(catalog, r);
    for (const c of result.candidates) expect(latencyAt(c.latency, "tpot", 95)).toBeLessThanOrEqual(20);
    expect(result.rejected.some((x) => x.gate === "tpot")).toBe(true);
  });
});

describe("the serving search's shortcut", () => {
  it("chooses what a walk over every deployment would choose", () => {
    let compared = 0;
    for (const rate of [0.2, 3, 12]) {
      for (const slo of [1500, 20000]) {
        for (const g of ["RTX 4060 Ti 16GB", "A100 80GB SXM"]) {
          const r = request(catalog, { sizeClass: { kind: "params", billions: 3 }, requestRate: rate, latencySloMs: slo, budgetUsdPerMonth: 1e5, maxGpus: 6, gpu: gpu(catalog, g) });
          // A walk is tens of thousands of latencies per scenario: every fourth configuration in search order,
          // and the first of each backend in each format, so that every pairing comes up in every scenario.
          const paired = new Set<string>();
          const sample = [...configurations(catalog, r)].filter((c, i) => {
            const pairing = `${c.backend}|${c.quant.name}`;
            const first = !paired.has(pairing);
            paired.add(pairing);
            return first || i % 4 === 0;
          });
          for (const config of sample) {
            if (config.vram.totalGb > config.vramLimitGb) continue;
            if (config.quality.score !== null && config.quality.score < r.qualityTarget) continue;
            const walked = catalog.engine
              .deployments(config, r)
              .filter((s) => s.capacityRps > r.requestRate)
              .map((sizing) => ({ sizing, latency: catalog.engine.latency(config, sizing, r) }))
              .filter((o) => latencyMiss(o.latency, r) === undefined);
            const verdict = judge(catalog, r, config, catalog.engine.gates(r));
            if (walked.length === 0) {
              expect(verdict.kind).toBe("rejected");
              continue;
            }
            const fewest = Math.min(...walked.map((o) => o.sizing.gpusBilled));
            expect(verdict.kind).toBe("admitted");
            if (verdict.kind === "admitted") expect(verdict.choice.sizing.gpusBilled).toBe(fewest);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
