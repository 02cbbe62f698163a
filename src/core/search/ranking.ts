import type { ConfigPredictions, ScoredOption } from "../engines/engine.js";
import { round } from "../round.js";

/** A configuration the gates let through, with the deployment they chose. */
export interface Admission {
  config: ConfigPredictions;
  choice: ScoredOption;
}

/** A quality as ranked: an unknown one after every known one. */
const rankedQuality = (a: Admission) => (a.config.quality.score === null ? -Infinity : round(a.config.quality.score, 3));

/**
 * Cheapest first, then highest quality, compared as printed (an unknown quality after every known one);
 * stable, so ties keep search order.
 */
export function rank(admitted: readonly Admission[]): Admission[] {
  return admitted
    .map((admission, index) => ({ admission, index, cost: round(admission.choice.monthlyCost, 2), quality: rankedQuality(admission) }))
    .sort((a, b) => a.cost - b.cost || (b.quality === a.quality ? 0 : b.quality > a.quality ? 1 : -1) || a.index - b.index)
    .map((r) => r.admission);
}
