import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Candidate, PlanResult } from "../../src/core/planner/results.js";
import type { Catalog } from "../../src/core/catalog/types.js";
import { DATA_DIR, defaultCatalog } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";

let catalog: Catalog;
beforeAll(async () => {
  catalog = await defaultCatalog();
});

/** Decimals a published figure is given to ("2.7" has one, "70" none). */
const decimals = (x: number) => (String(x).split(".")[1] ?? "").length;

/**
 * Whether a count derived from a config.json agrees with what its publisher states: within 1%, or the
 * same once rounded or cut to the figure's own precision, in decimals or significant figures ("2B" for
 * 2.61 billion, "2.7B" for 2.78, "70B" for 68.98).
 */
function agrees(derived: number, published: number): boolean {
  if (Math.abs(derived / published - 1) <= 0.01) return true;
  const scale = 10 ** decimals(published);
  if (Math.round(derived * scale) === Math.round(published * scale) || Math.floor(derived * scale) === Math.round(published * scale)) return true;
  // "70" states one significant figure, "7.3" two: an integer's trailing zeros are not precision.
  const digits = (Number.isInteger(published) ? String(published).replace(/0+$/, "") : String(published).replace(".", "").replace(/^0+/, "")).length;
  return Number(derived.toPrecision(digits)) === published;
}

describe("parameters from config.json", () => {
  it("agree with the count each publisher states, for every registry model that has one", () => {
    const stated = catalog.models.filter((m) => m.published_params_b !== undefined);
    expect(stated.length).toBeGreaterThan(20);
    for (const m of stated) expect(agrees(m.params_b, m.published_params_b!), `${m.name}: ${m.params_b} vs ${m.published_params_b}`).toBe(true);
  });

  it("give a mixture of experts' active count as its publisher does, with or without the input embedding", () => {
    const moe = catalog.models.filter((m) => m.published_active_params_b !== undefined);
    expect(moe.length).toBeGreaterThan(3);
    for (const m of moe) {
      const published = m.published_active_params_b!;
      const withoutInput = m.active_params_b - m.input_embedding_params_b;
      expect(agrees(m.active_params_b, published) || agrees(withoutInput, published), `${m.name}: ${m.active_params_b} vs ${published}`).toBe(true);
      expect(m.active_params_b).toBeLessThan(m.params_b);
    }
  });

  it("hold the KV cache each layer keeps: a sliding-window layer no more than its window", () => {
    for (const m of catalog.models) {
      for (const g of m.kv) {
        expect(g.layers).toBeGreaterThan(0);
        if (g.window !== undefined) expect(g.window).toBeLessThanOrEqual(m.context_window);
      }
      expect(m.kv.reduce((n, g) => n + g.layers, 0)).toBeLessThanOrEqual(m.n_layers);
    }
  });
});

describe("--model-config", () => {
  it("plans a config.json read from disk as the registry plans the same architecture", async () => {
    const config = `${DATA_DIR}/measurements/configs/llama-3-8b.json`;
    expect(() => JSON.parse(readFileSync(config, "utf8"))).not.toThrow();
    const work = ["--quant", "Q4_K_M", "--backend", "llama.cpp", "--hardware", "RTX 4090 24GB", "--json"];
    const fromFile = JSON.parse((await runInProcess(["predict", "--model-config", config, ...work])).stdout) as Candidate;
    const registry = JSON.parse((await runInProcess(["predict", "--model", "llama3-8b", ...work])).stdout) as Candidate;
    expect(fromFile.vram_gb).toBe(registry.vram_gb);
    expect(fromFile.prefill_ms).toBe(registry.prefill_ms);
    // The registry model has measured rows that win on their GPU; the file's is the roofline's estimate.
    expect(Math.abs(fromFile.throughput_tps / registry.throughput_tps - 1)).toBeLessThan(0.25);
  });

  it("and a GPU given by its figures: decode never above bandwidth over the active weights", async () => {
    const config = `${DATA_DIR}/measurements/configs/llama-3-70b.json`;
    const args = ["predict", "--model-config", config, "--quant", "Q4_K_M", "--backend", "llama.cpp", "--gpu-memory", "48", "--gpu-bandwidth", "960", "--gpu-price", "1", "--json"];
    const p = JSON.parse((await runInProcess(args)).stdout) as Candidate;
    expect(p.throughput_tps).toBeLessThanOrEqual(p.provenance.throughput.ceiling_tps);
    expect(p.provenance.throughput.coefficients).toBe("llama.cpp|any");
    expect(p.warnings.map((w) => w.code)).toContain("prefill_unknown");
  });
});

describe("vram_breakdown", () => {
  it("its parts sum to vram_gb, as printed, for every candidate", async () => {
    const plan = (JSON.parse((await runInProcess(["plan", "--json", "--all", "--model-size", "8b", "--hardware", "A100 80GB SXM", "--tp", "auto"])).stdout) as PlanResult).candidates;
    expect(plan.length).toBeGreaterThan(10);
    for (const c of plan) {
      const b = c.vram_breakdown;
      expect(Math.round((b.weights_gb + b.kv_cache_gb + b.activations_gb + b.overhead_gb) * 100) / 100).toBe(c.vram_gb);
    }
  });
});
