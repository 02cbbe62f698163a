import * as z from "zod/mini";
import { comment, name } from "./primitives.js";

/** A figure and its source. */
const sourced = <T extends z.ZodMiniType>(value: T) => z.strictObject({ value, source: name(), note: z.optional(z.string()) });

/** One method's defaults: the acceptance rate of a drafted token, in (0, 1), and the tokens drafted per step. */
const MethodSchema = z.strictObject({
  acceptance: sourced(z.number().check(z.gt(0), z.lt(1))),
  draft_tokens: sourced(z.int().check(z.gte(1), z.lte(16))),
});

/** `speculative.json`: the acceptance rate and draft length each --speculative method takes when not given, with sources. */
export const SpeculativeFileSchema = z.strictObject({
  $comment: comment(),
  methods: z.strictObject({ draft: MethodSchema, eagle: MethodSchema, mtp: MethodSchema }),
});
