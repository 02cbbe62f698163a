import { beforeAll, describe, expect, it } from "vitest";
import { amdahlEta, batchingEta } from "../../src/core/laws/batching.js";
import { configurations } from "../../src/core/search/configurations.js";
import { judge } from "../../src/core/search/gates.js";
import { search } from "../../src/core/search/search.js";
import { withSequences } from "../../src/core/laws/vram.js";
import { kvCacheGib } from "../../src/core/model/weights.js";
import type { Catalog } from "../../src/core/catalog/types.js";
import { defaultCatalog, gpu, request, tr133Catalog } from "../helpers/catalog.js";

let catalog: Catalog;
let tr133: Catalog;
beforeAll(async () => {
  [catalog, tr133] = await Promise.all([defaultCatalog(), tr133Catalog()]);
});

describe("concurrency laws", () => {
  it("Amdahl as TR129 fitted it: η(N) = 1 / (sN + 1 − s)", () => {
    expect(amdahlEta(0.532912, 1)).toBe(1);
    expect(amdahlEta(0.532912, 8)).toBeCloseTo(1 / (0.532912 * 8 + 0.467088), 12);
  });

  it("batching: the weights are read once per step, each sequence adds its KV read and its own time", () => {
    // fixed 1 ms + weights 4 ms shared; KV 0.5 ms + 0.5 ms per sequence: step(1) = 6 ms, step(3) = 8 ms
    const eta = batchingEta({ fixedS: 0.001, weightsS: 0.004, kvS: 0.0005 }, 0.5);
    expect(eta(1)).toBeCloseTo(1, 12);
    expect(eta(3)).toBeCloseTo(0.006 / 0.008, 12);
  });

  it("batching never beats reading the weights once, nor does worse than serving one at a time", () => {
    const eta = batchingEta({ fixedS: 0.001, weightsS: 0.006, kvS: 0.0002 }, 0.3);
    for (let c = 2; c <= 64; c *= 2) {
      expect(eta(c)).toBeLessThan(1);
      expect(eta(c) * c).toBeGreaterThan(1);
      expect(eta(c)).toBeLessThan(eta(c / 2));
    }
  });

  it("fits vLLM's per-sequence time on TR130 and lends it, marked estimated, to the engines never measured", () => {
    const serving = catalog.fitted.serving_v2!;
    expect(serving.backends.vllm).toMatchObject({ mechanism: "batching", source: "measured" });
    expect(serving.backends.vllm!.sequence_ms).toBeGreaterThan(0);
    for (const b of ["tgi", "sglang"]) {
      expect(serving.backends[b]).toMatchObject({ mechanism: "batching", source: "estimated", sequence_ms: serving.backends.vllm!.sequence_ms });
    }
  });
});

describe("VRAM, version 2", () => {
  it("has a fixed runtime intercept near 1 GB and no weights below their size", () => {
    const v2 = catalog.fitted.vram_v2!;
    expect(v2.overhead_factor).toBeGreaterThanOrEqual(1);
    expect(v2.intercept_gb).toBeGreaterThan(0.8);
    expect(v2.intercept_gb).toBeLessThan(1.3);
  });

  it("counts the KV cache of every concurrent sequence", () => {
    const m = catalog.models.find((x) => x.name === "llama3.2-1b")!;
    const one = { weightsGb: 2, kvCacheGb: kvCacheGib(m, 4096), activationsGb: 0.1, overheadGb: 1, totalGb: 3.1 + kvCacheGib(m, 4096) };
    const eight = withSequences(one, kvCacheGib(m, 4096), 8);
    expect(eight.totalGb - one.totalGb).toBeCloseTo(7 * kvCacheGib(m, 4096), 12);
    expect(eight.kvCacheGb).toBeCloseTo(8 * kvCacheGib(m, 4096), 12);
  });

  it("no longer rejects long contexts on memory they would not use", () => {
    const long = (c: Catalog) => request(c, { contextLength: 32768, gpu: gpu(c, "RTX 4080 16GB"), latencySloMs: 30000, budgetUsdPerMonth: 1000 });
    expect(search(tr133, long(tr133)).candidates.filter((c) => c.model.name === "llama3.2-3b" && c.quant.name === "FP16")).toEqual([]);
    const fp16 = search(catalog, long(catalog)).candidates.filter((c) => c.model.name === "llama3.2-3b" && c.quant.name === "FP16");
    expect(fp16.length).toBeGreaterThan(0);
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
  it("bills replicas, not concurrency, and fits each GPU's concurrent KV caches in its VRAM", () => {
    for (const rate of [0.5, 2, 6, 12]) {
      const r = request(catalog, { sizeClass: { kind: "params", billions: 1 }, requestRate: rate, budgetUsdPerMonth: 1e4, latencySloMs: 20000 });
      for (const c of search(catalog, r).candidates) {
        expect(c.monthlyCost).toBeCloseTo(r.gpu.usd_per_hour * 24 * 30 * c.sizing.gpusBilled, 9);
        expect(c.deployedVram.totalGb).toBeLessThanOrEqual(r.gpu.vram_gb);
        expect(c.sizing.concurrency).toBeLessThanOrEqual(c.concurrency.maxSequences);
        // Past the measured concurrency the law is extrapolated, and the candidate says so.
        const beyond = c.sizing.concurrency > c.concurrency.maxConcurrency;
        expect(c.provenance.scaling.source === "extrapolated").toBe(beyond);
        expect(c.warnings.some((w) => w.code === "concurrency_extrapolated")).toBe(beyond);
        expect(c.sizing.totalTps).toBeGreaterThanOrEqual(rate * r.outputTokens);
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

describe("the serving search's shortcut", () => {
  it("chooses what a walk over every deployment would choose", () => {
    let compared = 0;
    for (const rate of [0.2, 1, 3, 8]) {
      for (const slo of [1500, 4000, 20000]) {
        for (const g of ["RTX 4060 Ti 16GB", "RTX 4090 24GB", "A100 80GB SXM"]) {
          const r = request(catalog, { sizeClass: { kind: "params", billions: 3 }, requestRate: rate, latencySloMs: slo, budgetUsdPerMonth: 1e5, gpu: gpu(catalog, g) });
          for (const config of configurations(catalog, r)) {
            if (config.vram.totalGb > r.gpu.vram_gb) continue;
            if (config.quality.score !== null && config.quality.score < r.qualityTarget) continue;
            const inSlo = catalog.engine.carrying(config, r).filter((o) => o.p95Ms <= slo);
            const verdict = judge(catalog, r, config, catalog.engine.gates(r));
            if (inSlo.length === 0) {
              expect(verdict.kind).toBe("rejected");
              continue;
            }
            const best = [...inSlo].sort(
              (a, b) => a.monthlyCost - b.monthlyCost || a.p95Ms - b.p95Ms || a.sizing.replicas - b.sizing.replicas || a.sizing.concurrency - b.sizing.concurrency,
            )[0]!;
            expect(verdict.kind).toBe("admitted");
            if (verdict.kind === "admitted") {
              expect([verdict.choice.sizing.replicas, verdict.choice.sizing.concurrency]).toEqual([best.sizing.replicas, best.sizing.concurrency]);
            }
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
