import * as z from "zod/mini";
import { MAX_TOKENS } from "../core/limits.js";
import { comment, name } from "./primitives.js";

/** A token count a trace gives: a whole number from 1 to the longest accepted. */
const tokens = () => z.int().check(z.gte(1), z.lte(MAX_TOKENS));

/** One preset: the prompt and output tokens of a request, the statistic and the trace they come from. */
const PresetSchema = z.strictObject({
  /** The trace in a few words. */
  name: name(),
  prompt_tokens: tokens(),
  output_tokens: tokens(),
  /** Which statistic of the trace: median or mean. */
  statistic: name(),
  trace: name(),
  source: name(),
  notes: z.optional(z.string()),
});

/** Another statistic or trace a preset could have used, kept for reference. */
const AlternativeSchema = z.strictObject({
  preset: name(),
  prompt_tokens: z.nullable(tokens()),
  output_tokens: tokens(),
  statistic: name(),
  trace: name(),
  source: name(),
  notes: z.optional(z.string()),
});

/** `workloads.json`: the workload presets `--workload` names, each from a published trace. */
export const WorkloadsFileSchema = z.strictObject({
  $comment: comment(),
  presets: z.strictObject({
    chat: PresetSchema,
    rag: PresetSchema,
    code: PresetSchema,
    summarize: PresetSchema,
    agent: PresetSchema,
  }),
  alternatives: z.optional(z.array(AlternativeSchema)),
});
