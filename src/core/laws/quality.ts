import type { FittedModels, PublishedScores } from "../catalog/types.js";
import { own } from "../own.js";

/** The four quality tiers of TR133 SS7.5, and "unknown" when a model has no FP16 baseline. */
export type QualityTier = "negligible" | "acceptable" | "concerning" | "unacceptable" | "unknown";

/** A score on a published benchmark (another benchmark than TR124/TR125, on its own scale), and its grounds. */
export interface PublishedQuality {
  /** The benchmark in a few words. */
  benchmark: string;
  /** The benchmark's score on a 0–1 scale. */
  score: number;
  /** measured: the benchmark's score of the 16-bit checkpoint; estimated: that less TR125's mean drop for the format. */
  source: "measured" | "estimated";
  /** The checkpoint the benchmark evaluated. */
  variant: string;
  /** When the score was published (the export's date). */
  date: string;
  /** The drop from the 16-bit score, TR125's mean delta of the format when negative, else 0 (an estimate only). */
  delta?: number;
}

/** A quality score and its grounds. */
export interface QualityPrediction {
  /** The TR124/TR125 score; null when never measured and the engine does not guess (the physics). */
  score: number | null;
  source: "measured" | "estimated" | "unknown";
  tier: QualityTier;
}

/** The score assumed when nothing is known about a (model, quant). */
const UNKNOWN_QUALITY = 0.5;

/**
 * TR133 model 4: the measured (model, quant) score; else FP16 baseline + mean quant delta, clamped to
 * [0, 1]; else 0.5. The tier is the drop in percentage points against the FP16 baseline.
 */
export function predictQuality(model: string, quant: string, coeffs: FittedModels["quality"]): QualityPrediction {
  const baseline = own(coeffs.fp16_baselines, model);
  const measured = own(coeffs.lookup, `${model}|${quant}`);
  let score: number;
  let source: QualityPrediction["source"];
  if (measured !== undefined) {
    score = measured;
    source = "measured";
  } else if (baseline !== undefined && quant === "FP16") {
    score = baseline;
    source = "measured";
  } else if (baseline !== undefined && own(coeffs.quant_deltas, quant) !== undefined) {
    score = Math.min(1, Math.max(0, baseline + own(coeffs.quant_deltas, quant)!));
    source = "estimated";
  } else {
    score = UNKNOWN_QUALITY;
    source = "unknown";
  }
  return { score, source, tier: qualityTier(score, baseline) };
}

/**
 * The published benchmark's score of a model in a format: its 16-bit checkpoint's as published (FP16
 * stands for FP16 or BF16 weights); for a format TR125 measured a mean delta for, that score less the
 * drop, clamped at 0 (estimated: the drop is TR125's, in its points). A positive mean delta (TR125's
 * Q4_K_M to Q8_0, +0.4 to +1.8 points) is taken as no drop: a quantized checkpoint is not estimated above
 * the weights it was made from. Else none. Never converted to or from the TR124/TR125 scale.
 */
export function predictPublishedQuality(model: string, quant: string, published: PublishedScores, quantDeltas: FittedModels["quality"]["quant_deltas"]): PublishedQuality | null {
  const found = published.scores.get(model);
  if (found === undefined) return null;
  const base = { benchmark: published.benchmark, variant: found.variant, date: found.date };
  if (quant === "FP16") return { ...base, score: found.score, source: "measured" };
  const delta = own(quantDeltas, quant);
  if (delta === undefined) return null;
  const drop = Math.min(0, delta);
  return { ...base, score: Math.max(0, found.score + drop), source: "estimated", delta: drop };
}

/** The tier of a score against an FP16 baseline: drop ≥ −3 pp negligible, ≥ −10 acceptable, ≥ −15 concerning. */
export function qualityTier(score: number, baseline: number | undefined): QualityTier {
  if (baseline === undefined) return "unknown";
  const dropPp = (score - baseline) * 100;
  if (dropPp >= -3) return "negligible";
  if (dropPp >= -10) return "acceptable";
  if (dropPp >= -15) return "concerning";
  return "unacceptable";
}
