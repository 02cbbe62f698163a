import { predictPublishedQuality, type PublishedQuality, type QualityPrediction } from "../laws/quality.js";
import type { Catalog, ModelSpec, QuantLevel, Scenario } from "../catalog/types.js";

/** Each catalog's published scores by "model|format": a search asks for the same few thousands of times. */
const publishedScores = new WeakMap<Catalog, Map<string, PublishedQuality | null>>();

/** The published benchmark's score of a model in a format, if the catalog has one (the reference's world has none); shared, never to be changed. */
export function publishedQualityOf(catalog: Catalog, model: ModelSpec, quant: QuantLevel): PublishedQuality | null {
  if (!catalog.published) return null;
  let scores = publishedScores.get(catalog);
  if (scores === undefined) {
    scores = new Map();
    publishedScores.set(catalog, scores);
  }
  const key = `${model.name}|${quant.name}`;
  let score = scores.get(key);
  if (score === undefined) {
    score = predictPublishedQuality(model.name, quant.name, catalog.published, catalog.fitted.quality.quant_deltas);
    scores.set(key, score);
  }
  return score;
}

/** Which score the quality gate judged: the TR124/TR125 one, the published benchmark's, or none (the unknown-quality policy). */
export type QualityScale = "tr" | "published" | "none";

/** The quality gate's verdict on one configuration. */
export interface QualityVerdict {
  passed: boolean;
  scale: QualityScale;
  /** The score judged, on its scale; null when none was (the policy decided). */
  value: number | null;
  /** The target on that scale (the TR target when none was judged). */
  limit: number;
}

/**
 * The quality gate: the TR124/TR125 score against --quality-target wherever it is known (measured or
 * estimated; TR keeps priority); else, when a --published-target is asked and the published
 * benchmark has a score, that score against it; else the unknown-quality policy (pass, flagged; or reject).
 * The two scales are never compared with each other.
 */
export function qualityVerdict(quality: QualityPrediction, published: PublishedQuality | null, request: Scenario): QualityVerdict {
  if (quality.score !== null) return { passed: quality.score >= request.qualityTarget, scale: "tr", value: quality.score, limit: request.qualityTarget };
  const target = request.publishedQualityTarget;
  if (target !== undefined && published !== null) return { passed: published.score >= target, scale: "published", value: published.score, limit: target };
  return { passed: request.unknownQuality !== "reject", scale: "none", value: null, limit: request.qualityTarget };
}
