import { beforeAll, describe, expect, it } from "vitest";
import { costPerMillionTokens, monthlyCost } from "../../src/core/laws/cost.js";
import { latencyAt, queueState, referenceLatency, referenceP95WaitS } from "../../src/core/laws/queue.js";
import { predictQuality, qualityTier } from "../../src/core/laws/quality.js";
import { referenceEta, serialFraction } from "../../src/core/laws/reference-scaling.js";
import { predictThroughput } from "../../src/core/laws/reference-throughput.js";
import { referenceVram } from "../../src/core/engines/reference.js";
import { kvCacheGib } from "../../src/core/model/weights.js";
import type { Catalog, FittedModels, ModelSpec, QuantLevel } from "../../src/core/catalog/types.js";
import { gpu, tr133Catalog } from "../helpers/catalog.js";

let catalog: Catalog;
const model = (name: string): ModelSpec => catalog.models.find((m) => m.name === name)!;
const quant = (name: string): QuantLevel => catalog.quants.find((q) => q.name === name)!;
const reference = () => gpu(catalog, "RTX 4080 12GB");
const kvCacheGb = kvCacheGib;
const predictVramGb = (m: ModelSpec, q: QuantLevel, context: number, fitted: FittedModels) => referenceVram(m, q, context, fitted.vram).totalGb;

beforeAll(async () => {
  catalog = await tr133Catalog();
});

describe("TR133 SS12 spot checks, with the TR133 coefficients", () => {
  it("1: llama3.2-3b FP16 at 2048 tokens needs 7.52 GB", () => {
    const vram = predictVramGb(model("llama3.2-3b"), quant("FP16"), 2048, catalog.fitted);
    expect(vram).toBeCloseTo(7.52, 2);
    expect(vram).toBeGreaterThan(3);
    expect(vram).toBeLessThan(12);
  });

  it("2: llama3.1-8b FP16 at 2048 tokens needs 17.82 GB", () => {
    expect(predictVramGb(model("llama3.1-8b"), quant("FP16"), 2048, catalog.fitted)).toBeCloseTo(17.82, 2);
  });

  it("3: Q4_K_M needs less VRAM than FP16 (2.64 < 7.52 GB)", () => {
    const q4 = predictVramGb(model("llama3.2-3b"), quant("Q4_K_M"), 2048, catalog.fitted);
    expect(q4).toBeCloseTo(2.64, 2);
    expect(q4).toBeLessThan(predictVramGb(model("llama3.2-3b"), quant("FP16"), 2048, catalog.fitted));
  });

  it("4: the 1B model is faster than the 3B on Ollama FP16 (146.3 > 95.9 tok/s)", () => {
    const t = (m: string) =>
      predictThroughput(model(m), quant("FP16"), "ollama", reference(), reference(), catalog.fitted.throughput);
    expect(t("llama3.2-1b").tokensPerSecond).toBeCloseTo(146.3, 1);
    expect(t("llama3.2-3b").tokensPerSecond).toBeCloseTo(95.9, 1);
  });

  it("5: FP16 quality is at least Q2_K quality for llama3.2-1b (0.544 >= 0.389)", () => {
    const fp16 = predictQuality("llama3.2-1b", "FP16", catalog.fitted.quality).score;
    const q2 = predictQuality("llama3.2-1b", "Q2_K", catalog.fitted.quality).score;
    expect(fp16).toBeCloseTo(0.544, 3);
    expect(q2).toBeCloseTo(0.389, 3);
  });

  it("6: eta(1) is exactly 1", () => {
    expect(referenceEta(0.533, 1)).toBe(1);
  });

  it("7: eta(8) on Ollama is below 1 (0.189 for llama3.2-3b)", () => {
    const s = serialFraction("llama3.2-3b", "ollama", catalog.fitted.scaling);
    expect(s).toEqual({ value: 0.387044, source: "measured" });
    expect(referenceEta(s.value, 8)).toBeCloseTo(0.189, 3);
  });

  it("8: higher throughput costs less per token ($0.097 < $0.972 per 1M)", () => {
    expect(costPerMillionTokens(0.035, 100)).toBeCloseTo(0.0972, 4);
    expect(costPerMillionTokens(0.035, 10)).toBeCloseTo(0.9722, 4);
  });

  it("9: the cost formula matches a manual calculation ($0.1944 at 50 tok/s)", () => {
    expect(costPerMillionTokens(0.035, 50)).toBeCloseTo(0.035 / (50 * 3600) * 1e6, 12);
    expect(costPerMillionTokens(0.035, 50)).toBeCloseTo(0.1944, 4);
  });

  it("10: monthly cost is $/h × 720 ($25.20)", () => {
    expect(monthlyCost(0.035)).toBeCloseTo(25.2, 10);
  });
});

describe("VRAM", () => {
  it("counts K and V of every layer in FP16", () => {
    // llama3.2-1b: 2 × 16 layers × 2048 tokens × 8 heads × 64 dims × 2 bytes = 64 MiB
    expect(kvCacheGb(model("llama3.2-1b"), 2048)).toBe(0.0625);
    expect(kvCacheGb(model("llama3.2-1b"), 2048, 4)).toBe(0.25);
  });

  it("adds the quadratic activation term of the TR133 fit", () => {
    const m = model("llama3.2-3b");
    const short = predictVramGb(m, quant("FP16"), 1024, catalog.fitted);
    const long = predictVramGb(m, quant("FP16"), 32768, catalog.fitted);
    // act_coeff × 28 layers × 32²: the term that makes the reference reject every long context
    expect(long - short).toBeGreaterThan(0.00454768594328633 * 28 * (32 ** 2 - 1));
    expect(long).toBeCloseTo(140.7, 1);
  });
});

describe("throughput", () => {
  it("is measured on the reference GPU and extrapolated by bandwidth elsewhere", () => {
    const onReference = predictThroughput(model("llama3.2-1b"), quant("FP16"), "vllm", reference(), reference(), catalog.fitted.throughput);
    expect(onReference).toMatchObject({ source: "measured", basis: "lookup", bandwidthFactor: 1, capped: false });
    const on4090 = predictThroughput(model("llama3.2-1b"), quant("FP16"), "vllm", gpu(catalog, "RTX 4090 24GB"), reference(), catalog.fitted.throughput);
    expect(on4090.source).toBe("extrapolated");
    expect(on4090.bandwidthFactor).toBeCloseTo(1008 / 556, 12);
    expect(on4090.tokensPerSecond).toBeCloseTo(137.41755319148936 * (1008 / 556), 9);
  });

  it("falls back to the FP16 row × quant multiplier, then to the size power law", () => {
    const q4 = predictThroughput(model("llama3.2-3b"), quant("Q4_K_M"), "tgi", reference(), reference(), catalog.fitted.throughput);
    expect(q4.basis).toBe("quant_multiplier");
    expect(q4.source).toBe("estimated");
    expect(q4.tokensPerSecond).toBeCloseTo(48.311704545454546 * 1.9, 9);
    const power = predictThroughput(model("llama3.1-8b"), quant("Q8_0"), "ollama", reference(), reference(), catalog.fitted.throughput);
    expect(power.basis).toBe("size_power_law");
    expect(power.tokensPerSecond).toBeCloseTo(72.11010249423731 * 8.03 ** -0.08877472521007239 * 1.3, 9);
  });
});

describe("scaling", () => {
  it("uses the backend default when no serial fraction was fitted", () => {
    expect(serialFraction("phi-2", "vllm", catalog.fitted.scaling)).toEqual({ value: 0.15, source: "estimated" });
  });

  it("computes eta as the reference does: 1 / (s + (1 - s) N)", () => {
    expect(referenceEta(0.81253, 2)).toBeCloseTo(1 / (0.81253 + 0.18747 * 2), 12);
    expect(referenceEta(0.81253, 2)).toBeCloseTo(0.842, 3);
  });
});

describe("quality", () => {
  it("estimates from the FP16 baseline plus the mean quant delta, clamped", () => {
    const q = predictQuality("gpt2", "Q4_K_M", catalog.fitted.quality);
    expect(q.source).toBe("estimated");
    expect(q.score).toBeCloseTo(0.289554 + 0.0176475, 9);
  });

  it("falls back to 0.5 with an unknown tier when nothing is known", () => {
    expect(predictQuality("qwen2.5-3b", "Q4_K_M", catalog.fitted.quality)).toEqual({ score: 0.5, source: "unknown", tier: "unknown" });
    expect(predictQuality("llama3.1-8b", "Q4_K_M", catalog.fitted.quality)).toMatchObject({ source: "measured", tier: "unknown" });
  });

  it("tiers by the drop in percentage points", () => {
    expect(qualityTier(0.58, 0.6)).toBe("negligible");
    expect(qualityTier(0.55, 0.6)).toBe("acceptable");
    expect(qualityTier(0.472194, 0.58395)).toBe("concerning");
    expect(qualityTier(0.320699, 0.58395)).toBe("unacceptable");
    expect(qualityTier(0.9, undefined)).toBe("unknown");
  });
});

describe("latency (M/D/1, the reference's tail)", () => {
  const reference = (s: number, c: number, rate: number) => {
    const l = referenceLatency(queueState(s, c, rate), referenceP95WaitS(c, rate), 0.01);
    return { ...l, p95Ms: latencyAt(l, "e2e", 95) };
  };

  it("adds three mean waits to the service time", () => {
    const l = reference(1, 2, 1); // S = 1 s, C = 2 req/s, λ = 1 req/s → ρ = 0.5, W = 0.5 / (2·2·0.5) = 0.25 s
    expect(l.utilisation).toBe(0.5);
    expect(l.waitS).toBe(0.25);
    expect(l.p95Ms).toBe(1750);
  });

  it("is infinite at or beyond saturation", () => {
    expect(reference(1, 1, 1).p95Ms).toBe(Infinity);
    expect(reference(1, 1, 2).p95Ms).toBe(Infinity);
  });
});
