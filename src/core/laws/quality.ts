import type { FittedModels } from "../catalog/types.js";
import { own } from "../own.js";

/** The four quality tiers of TR133 SS7.5, and "unknown" when a model has no FP16 baseline. */
export type QualityTier = "negligible" | "acceptable" | "concerning" | "unacceptable" | "unknown";

/** A quality score and its grounds. */
export interface QualityPrediction {
  /** The score; null when never measured and the engine does not guess (the physics). */
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

/** The tier of a score against an FP16 baseline: drop ≥ −3 pp negligible, ≥ −10 acceptable, ≥ −15 concerning. */
export function qualityTier(score: number, baseline: number | undefined): QualityTier {
  if (baseline === undefined) return "unknown";
  const dropPp = (score - baseline) * 100;
  if (dropPp >= -3) return "negligible";
  if (dropPp >= -10) return "acceptable";
  if (dropPp >= -15) return "concerning";
  return "unacceptable";
}
