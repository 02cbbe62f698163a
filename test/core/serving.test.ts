import { beforeAll, describe, expect, it } from "vitest";
import { amdahlEta, batchingEta } from "../../src/core/concurrency.js";
import { search } from "../../src/core/search.js";
import { predictVramGb, kvCacheGb } from "../../src/core/vram.js";
import type { Catalog } from "../../src/core/types.js";
import { defaultCatalog, gpu, request, tr133Catalog } from "../helpers/catalog.js";

let catalog: Catalog;
let tr133: Catalog;
beforeAll(async () => {
  [catalog, tr133] = await Promise.all([defaultCatalog(), tr133Catalog()]);
});
const model = (name: string) => catalog.models.find((m) => m.name === name)!;
const quant = (name: string) => catalog.quants.find((q) => q.name === name)!;

describe("concurrency laws", () => {
  it("Amdahl as TR129 fitted it: η(N) = 1 / (sN + 1 − s)", () => {
    expect(amdahlEta(0.532912, 1)).toBe(1);
    expect(amdahlEta(0.532912, 8)).toBeCloseTo(1 / (0.532912 * 8 + 0.467088), 12);
  });

  it("batching: one weight read per step, then a per-sequence time", () => {
    const b = batchingEta(100, 2, 500, 0.8); // T1 = 10 ms, Tw = 2 / 400 = 5 ms, Ts = 5 ms
    expect(b.weightReadS).toBeCloseTo(0.005, 12);
    expect(b.perSequenceS).toBeCloseTo(0.005, 12);
    expect(b.eta(1)).toBeCloseTo(1, 12);
    expect(b.eta(3)).toBeCloseTo(0.01 / 0.02, 12);
  });

  it("batching never reads the weights for longer than a whole step", () => {
    const b = batchingEta(1000, 100, 100, 0.5);
    expect(b.perSequenceS).toBe(0);
    expect(b.eta(8)).toBe(1);
  });

  it("keeps at least the measured per-sequence share, so an estimate does not batch for free", () => {
    const b = batchingEta(1000, 100, 100, 0.5, 0.125); // T1 = 1 ms: Ts ≥ 0.125 ms
    expect(b.perSequenceS).toBeCloseTo(0.000125, 12);
    expect(b.eta(8)).toBeCloseTo(1 / (0.875 + 8 * 0.125), 12);
    const measured = catalog.fitted.serving_v1!.backends.vllm!;
    expect(measured.min_sequence_share).toBeGreaterThan(0.1);
    expect(measured.min_sequence_share).toBeLessThan(0.15);
  });

  it("no vLLM or TGI configuration scales linearly with concurrency", () => {
    const r = request(catalog, { sizeClass: { kind: "all" }, requestRate: 5, latencySloMs: 60000, budget: 1e5, qualityTarget: 0 });
    for (const c of search(catalog, r).candidates) {
      if (c.backend !== "ollama" && c.sizing.concurrency > 1) expect(c.sizing.eta, `${c.model.name} ${c.backend}`).toBeLessThan(1);
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
    const m = model("llama3.2-1b");
    const one = predictVramGb(m, quant("FP16"), 4096, catalog.fitted, 1);
    const eight = predictVramGb(m, quant("FP16"), 4096, catalog.fitted, 8);
    expect(eight - one).toBeCloseTo(7 * kvCacheGb(m, 4096), 12);
  });

  it("no longer rejects long contexts on memory they would not use", () => {
    const long = request(catalog, { contextLength: 32768, gpu: gpu(catalog, "RTX 4080 16GB"), latencySloMs: 30000, budget: 1000 });
    expect(search(tr133, long).candidates.filter((c) => c.model.name === "llama3.2-3b" && c.quant.name === "FP16")).toEqual([]);
    const fp16 = search(catalog, long).candidates.filter((c) => c.model.name === "llama3.2-3b" && c.quant.name === "FP16");
    expect(fp16.length).toBeGreaterThan(0);
  });
});

describe("replicas apart from concurrency", () => {
  it("plans only formats a backend serves: GGUF on Ollama, FP16 on vLLM and TGI, on every GPU", () => {
    for (const g of catalog.gpus) {
      const wide = request(catalog, { sizeClass: { kind: "all" }, gpu: g, latencySloMs: 60000, budget: 1e6, qualityTarget: 0, requestRate: 0.5 });
      const result = search(catalog, wide);
      expect(result.candidates.length, g.name).toBeGreaterThan(0);
      for (const c of result.candidates) {
        if (c.backend !== "ollama") expect(c.quant.name, `${g.name} ${c.backend}`).toBe("FP16");
      }
      for (const r of result.rejected) {
        if (r.backend !== "ollama") expect(r.quant).toBe("FP16");
      }
    }
  });

  it("the reference coefficients still offer GGUF on vLLM", () => {
    const result = search(tr133, request(tr133, { latencySloMs: 60000 }));
    expect(result.candidates.some((c) => c.backend === "vllm" && c.quant.name !== "FP16")).toBe(true);
  });

  it("bills replicas, not concurrency, and fits each GPU's concurrent KV caches in its VRAM", () => {
    for (const rate of [0.5, 2, 6, 12]) {
      const r = request(catalog, { sizeClass: { kind: "params", billions: 1 }, requestRate: rate, budget: 1e4, latencySloMs: 20000 });
      for (const c of search(catalog, r).candidates) {
        expect(c.monthlyCost).toBeCloseTo(r.gpu.cost_per_hour * 24 * 30 * c.sizing.replicas, 9);
        expect(c.deployedVramGb).toBeLessThanOrEqual(r.gpu.vram_gb);
        expect(c.sizing.concurrency).toBeLessThanOrEqual(c.concurrency.maxConcurrency);
        expect(c.sizing.totalTps).toBeGreaterThanOrEqual(rate * r.avgTokens);
      }
    }
  });

  it("picks concurrency before paying for another GPU", () => {
    const r = request(catalog, { sizeClass: { kind: "params", billions: 1 }, requestRate: 3, budget: 1000, latencySloMs: 10000 });
    const vllm = search(catalog, r).candidates.find((c) => c.backend === "vllm");
    expect(vllm?.sizing.replicas).toBe(1);
    expect(vllm?.sizing.concurrency).toBeGreaterThan(1);
  });
});

describe("the serving search's shortcut", () => {
  it("chooses what a walk over every deployment would choose", async () => {
    const { capacityOptions, configurations, judge } = await import("../../src/core/search.js");
    let compared = 0;
    for (const rate of [0.2, 1, 3, 8, 20]) {
      for (const slo of [1500, 4000, 20000]) {
        for (const g of ["RTX 4060 8GB", "RTX 4090 24GB", "A100 80GB"]) {
          const r = request(catalog, { sizeClass: { kind: "all" }, requestRate: rate, latencySloMs: slo, budget: 1e5, gpu: gpu(catalog, g) });
          for (const config of configurations(catalog, r)) {
            if (config.vramGb > r.gpu.vram_gb || config.quality.score < r.qualityTarget) continue;
            const inSlo = capacityOptions(catalog, r, config).filter((o) => o.p95Ms <= slo);
            const verdict = judge(catalog, r, config);
            if (inSlo.length === 0) {
              expect(verdict.kind).toBe("rejected");
              continue;
            }
            const best = [...inSlo].sort(
              (a, b) => a.monthlyCost - b.monthlyCost || a.p95Ms - b.p95Ms || a.sizing.replicas - b.sizing.replicas || a.sizing.concurrency - b.sizing.concurrency,
            )[0]!;
            expect(verdict.kind).toBe("admitted");
            if (verdict.kind === "admitted") {
              expect([verdict.evaluation.sizing.replicas, verdict.evaluation.sizing.concurrency]).toEqual([best.sizing.replicas, best.sizing.concurrency]);
            }
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
