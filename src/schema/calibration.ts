import * as z from "zod/mini";
import { CALIBRATION_METRICS } from "../core/calibrate/metrics.js";
import { CALIBRATION_TOOLS } from "../core/calibrate/measurement.js";
import type { CalibrationFile } from "../core/calibrate/calibration-file.js";
import { comment, name, nonNegative, positiveInt } from "./primitives.js";

/** A count of rows. */
const count = () => z.int().check(z.nonnegative());

/** A multiplicative correction: far from 1 is allowed (a GPU the roofline misjudges), zero and absurd sizes are not. */
const factor = () => z.number().check(z.gte(0.001), z.lte(1000));

/** Mean absolute relative errors of the physics alone and with the factor, over `rows` rows. */
const ErrorsSchema = z.strictObject({
  rows: positiveInt(),
  mape_before: nonNegative(),
  mape_after: nonNegative(),
});

/** One correction: predictions of `metric` for this GPU and backend (and model, when named) are multiplied by `factor`. */
const FactorSchema = z.strictObject({
  gpu: name(),
  backend: name(),
  /** A registry model: the factor applies to it alone; absent, to every model on this GPU and backend. */
  model: z.optional(name()),
  metric: z.enum(CALIBRATION_METRICS),
  /** Speed multiplier (above 1: faster) of the step's part the metric measures: decode, all of one sequence's step but its KV cache; prefill, the prompt's arithmetic; load, the host time each further sequence adds. */
  factor: factor(),
  /** Decode: the speed multiplier of reading the KV cache, fitted when the rows span context lengths (else `factor` covers it). */
  kv_factor: z.optional(factor()),
  /** Measured rows the factor was fitted on, the models and files they come from. */
  rows: positiveInt(),
  models: z.array(name()).check(z.minLength(1)),
  files: z.array(name()).check(z.minLength(1)),
  /** The error over the rows the factor was fitted on. */
  fit: ErrorsSchema,
  /**
   * The error on rows held out of the fit (each model's rows predicted by a factor fitted on the other
   * models' rows, or each row by the others'): whether the correction carries over. Null with one row.
   */
  held_out: z.nullable(z.extend(ErrorsSchema, { method: z.enum(["leave_one_model_out", "leave_one_row_out"]) })),
});

/** One benchmark file read: its tool, and how many of its measurements the factors rest on. */
const SourceSchema = z.strictObject({
  file: name(),
  tool: z.enum(CALIBRATION_TOOLS),
  format: name(),
  measurements: count(),
  used: count(),
});

/** A calibration file, written by `chimeraforge calibrate` and read by --calibration. */
export const CalibrationFileSchema = z.strictObject({
  $comment: comment(),
  format: z.literal("chimeraforge-calibration"),
  version: z.literal(1),
  sources: z.array(SourceSchema),
  factors: z.array(FactorSchema),
});

export type { CalibrationFile } from "../core/calibrate/calibration-file.js";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The interfaces (plain, so the library's types carry no zod) are what the schema infers, field for field.
const agree: Same<z.output<typeof CalibrationFileSchema>, CalibrationFile> = true;
void agree;
