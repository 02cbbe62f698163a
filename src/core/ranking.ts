import type { Evaluation } from "./evaluation.js";
import { round } from "./round.js";

/**
 * Cheapest first, then highest quality, compared as printed (an unknown quality after every known one);
 * stable, so ties keep search order.
 */
export function rank(evaluations: Evaluation[]): Evaluation[] {
  return evaluations
    .map((evaluation, index) => ({
      evaluation,
      index,
      cost: round(evaluation.monthlyCost, 2),
      quality: evaluation.quality.score === null ? -Infinity : round(evaluation.quality.score, 3),
    }))
    .sort((a, b) => a.cost - b.cost || (b.quality === a.quality ? 0 : b.quality > a.quality ? 1 : -1) || a.index - b.index)
    .map((r) => r.evaluation);
}
