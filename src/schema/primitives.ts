import * as z from "zod/mini";

/** A finite number greater than zero. */
export const positive = () => z.number().check(z.positive());

/** A finite number of zero or more. */
export const nonNegative = () => z.number().check(z.nonnegative());

/** A number in [0, 1]. */
export const fraction = () => z.number().check(z.gte(0), z.lte(1));

/** A positive whole number. */
export const positiveInt = () => z.int().check(z.positive());

/** A non-empty name. */
export const name = () => z.string().check(z.minLength(1));

/** A lookup key of `parts` names joined by "|", e.g. "llama3.2-1b|ollama|FP16". */
export const pipeKey = (parts: number) =>
  z.string().check(
    z.regex(new RegExp(`^[^|\\s]+(\\|[^|\\s]+){${parts - 1}}$`), `expected a key of ${parts} names joined by "|"`),
  );

/** The free-text note a data file may carry at its top level. */
export const comment = () => z.optional(z.string());

/** A date as YYYY-MM-DD. */
export const isoDate = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date YYYY-MM-DD"));
