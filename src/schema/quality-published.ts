import * as z from "zod/mini";
import { comment, fraction, isoDate, name } from "./primitives.js";

/** The published score of one registry model's checkpoint on the benchmark, with its sub-scores and source. */
const PublishedScoreSchema = z.strictObject({
  /** The registry model (models.json name). */
  model: name(),
  /** The checkpoint evaluated: the model's Hugging Face id. */
  variant: name(),
  /** The benchmark's average on a 0–1 scale. */
  score: fraction(),
  /** The sub-scores on the same scale. */
  components: z.record(name(), fraction()),
  /** The average as published (0–100). */
  leaderboard_average_0_100: z.number().check(z.gte(0), z.lte(100)),
  source: name(),
  date: isoDate(),
  /** The checkpoint's base or instruct sibling, for reference only. */
  other_variants: z.optional(z.array(z.strictObject({ variant: name(), score: fraction(), source_row: name() }))),
  notes: z.optional(z.string()),
});

/**
 * `quality-published.json`: one public benchmark's scores of the registry's models, kept apart from the
 * TR124/TR125 scores of fitted_models.json (another benchmark, another scale).
 */
export const QualityPublishedFileSchema = z.strictObject({
  $comment: comment(),
  /** The benchmark in a few words, as results name it. */
  name: name(),
  benchmark: name(),
  metric: name(),
  protocol: name(),
  source_overall: name(),
  date: isoDate(),
  scores: z.array(PublishedScoreSchema).check(z.minLength(1)),
  /** Registry models the benchmark's export does not list. */
  not_listed: z.optional(z.array(z.strictObject({ model: name(), hf_id: name() }))),
});
