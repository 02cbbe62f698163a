import type { ConfigPredictions, ScoredOption } from "../engines/engine.js";
import type { PublishedQuality, QualityPrediction } from "../laws/quality.js";
import type { QuantLevel } from "../catalog/types.js";
import { round } from "../round.js";

/** A configuration the gates let through, with the deployment they chose. */
export interface Admission {
  config: ConfigPredictions;
  choice: ScoredOption;
  /** The published benchmark's score of the configuration, if any. */
  published: PublishedQuality | null;
}

/**
 * What orders configurations of equal cost: the TR124/TR125 score (every configuration weighed has one),
 * the published benchmark's score (every one has that instead), or, when no one scale covers them all, the
 * weight format's precision (bits per weight). Two scales are never mixed, and a score is never compared
 * with an unknown one: that would rank an unknown below (or above) every measured score.
 */
export type QualityRanking = "tr" | "published" | "precision";

/** The scores of one configuration that a ranking may use. */
export interface RankedQuality {
  quality: QualityPrediction;
  published: PublishedQuality | null;
  quant: QuantLevel;
}

/** The one scale that covers every configuration weighed: TR124/TR125 first (it keeps priority), else the published benchmark, else precision. */
export function qualityRanking(weighed: Iterable<Omit<RankedQuality, "quant">>): QualityRanking {
  let tr = true;
  let published = true;
  for (const q of weighed) {
    tr &&= q.quality.score !== null;
    published &&= q.published !== null;
    if (!tr && !published) return "precision";
  }
  return tr ? "tr" : published ? "published" : "precision";
}

/** A configuration's key under a ranking, higher first: its score as a result carries it (TR 3 dp, published 4 dp), or its bits per weight. */
export function rankingKey(q: RankedQuality, ranking: QualityRanking): number {
  if (ranking === "tr" && q.quality.score !== null) return round(q.quality.score, 3);
  if (ranking === "published" && q.published !== null) return round(q.published.score, 4);
  // Unreachable under "tr" or "published" (qualityRanking chose a scale every configuration has).
  return q.quant.bits_per_weight;
}

/**
 * Cheapest first (as printed); at equal cost, the higher key under `ranking` (see QualityRanking); stable,
 * so ties keep search order (models in registry order, then formats from the highest precision, then
 * backends). With every score known on the TR scale (always so for the TR133 reference, which assumes
 * 0.5 for a model it never measured), this is cost then quality, as the reference ranks.
 */
export function rank(admitted: readonly Admission[], ranking: QualityRanking): Admission[] {
  return admitted
    .map((admission, index) => ({
      admission,
      index,
      cost: round(admission.choice.monthlyCost, 2),
      key: rankingKey({ quality: admission.config.quality, published: admission.published, quant: admission.config.quant }, ranking),
    }))
    .sort((a, b) => a.cost - b.cost || (b.key === a.key ? 0 : b.key > a.key ? 1 : -1) || a.index - b.index)
    .map((r) => r.admission);
}
