import { describe, expect, it } from "vitest";
import type { QuantLevel } from "../../src/core/catalog/types.js";
import type { PublishedQuality, QualityPrediction } from "../../src/core/laws/quality.js";
import { qualityRanking, rankingKey } from "../../src/core/search/ranking.js";

const tr = (score: number | null): QualityPrediction => ({ score, source: score === null ? "unknown" : "measured", tier: "unknown" });
const pub = (score: number): PublishedQuality => ({ benchmark: "B", score, source: "measured", variant: "v", date: "2025-05-09" });
const quant = (bits: number): QuantLevel => ({ name: `Q${bits}`, bits_per_weight: bits, format: "gguf", kernel: "gguf_k", embeddings_16bit: false });

describe("qualityRanking", () => {
  it("takes the TR124/TR125 scale when every configuration has a score on it, even where a published one exists too", () => {
    expect(qualityRanking([{ quality: tr(0.5), published: null }, { quality: tr(0.6), published: pub(0.2) }])).toBe("tr");
  });

  it("takes the published scale when every configuration has one and some lack a TR124/TR125 score", () => {
    expect(qualityRanking([{ quality: tr(null), published: pub(0.3) }, { quality: tr(0.6), published: pub(0.2) }])).toBe("published");
  });

  it("falls back to precision when no one scale covers them all (one unknown on each is enough)", () => {
    expect(qualityRanking([{ quality: tr(null), published: pub(0.3) }, { quality: tr(0.6), published: null }])).toBe("precision");
    expect(qualityRanking([{ quality: tr(null), published: null }, { quality: tr(0.6), published: pub(0.2) }])).toBe("precision");
  });

  it("is the TR scale for nothing weighed (nothing to rank)", () => {
    expect(qualityRanking([])).toBe("tr");
  });
});

describe("rankingKey", () => {
  it("is the score as a result carries it on the chosen scale, or the bits per weight", () => {
    const q = { quality: tr(0.61234), published: pub(0.23764), quant: quant(4.899) };
    expect(rankingKey(q, "tr")).toBe(0.612);
    expect(rankingKey(q, "published")).toBe(0.2376);
    expect(rankingKey(q, "precision")).toBe(4.899);
  });
});
