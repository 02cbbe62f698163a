import * as z from "zod/mini";
import { comment, fraction, name, nonNegative, pipeKey, positive, positiveInt } from "./primitives.js";

/** How a section's coefficients were obtained: the script, the measurement files, and how well they fit. */
const FitSchema = z.strictObject({
  method: name(),
  script: name(),
  measurements: z.array(name()),
  n_points: z.int().check(z.nonnegative()),
  r2: z.optional(z.number()),
  rmse: z.optional(nonNegative()),
  max_abs_error: z.optional(nonNegative()),
});

/**
 * VRAM, version 2 (chimeraforge): weights × overhead + a fixed runtime intercept + the KV cache of every
 * concurrent sequence + activations that grow with context × hidden size, fitted on TR127.
 */
const VramV2Schema = z.strictObject({
  $comment: comment(),
  overhead_factor: positive(),
  intercept_gb: nonNegative(),
  activation_bytes_per_token_hidden: nonNegative(),
  fit: FitSchema,
});

/** How one backend serves concurrent requests on one GPU, and which weight formats it serves. */
const ServingBackendSchema = z
  .strictObject({
    $comment: comment(),
    formats: z.array(z.enum(["fp16", "gguf"])).check(z.minLength(1)),
    mechanism: z.enum(["amdahl", "batching"]),
    /** Amdahl: fitted serial fraction per model, η(N) = 1 / (sN + 1 − s). */
    serial_fractions: z.optional(z.record(name(), fraction())),
    default_serial_fraction: z.optional(fraction()),
    /** Batching: the share of the GPU's bandwidth at which a decode step reads the weights once for all sequences. */
    weight_read_efficiency: z.optional(z.number().check(z.gt(0), z.lte(1))),
    /** Batching: the least share of a step that is per-sequence work, as measured (a floor for estimates). */
    min_sequence_share: z.optional(fraction()),
    /** Models whose multi-request measurements the coefficient was fitted on. */
    fitted_on: z.optional(z.array(name())),
    /** The most concurrent requests per GPU the planner considers: the measured range. */
    max_concurrency: positiveInt(),
  })
  .check(
    z.refine((b) => b.mechanism !== "amdahl" || b.default_serial_fraction !== undefined, {
      message: "an amdahl backend needs default_serial_fraction",
      path: ["default_serial_fraction"],
    }),
    z.refine((b) => b.mechanism !== "batching" || b.weight_read_efficiency !== undefined, {
      message: "a batching backend needs weight_read_efficiency",
      path: ["weight_read_efficiency"],
    }),
  );

/**
 * Serving, version 1 (chimeraforge): replicas apart from concurrency. Per-GPU throughput follows each
 * backend's mechanism; replicas scale linearly and multiply the bill.
 */
const ServingV1Schema = z.strictObject({
  $comment: comment(),
  backends: z.record(name(), ServingBackendSchema),
  fit: FitSchema,
});

/** The coefficients of the six TR133 models, as the reference's `fitted_models.json` holds them. */
export const FittedModelsSchema = z.strictObject({
  $comment: comment(),
  vram: z.strictObject({
    overhead_factor: positive(),
    act_coeff: nonNegative(),
    fitted: z.optional(z.boolean()),
  }),
  throughput: z.strictObject({
    lookup: z.record(pipeKey(3), positive()),
    quant_multipliers: z.record(z.string(), positive()),
    size_power_a: positive(),
    size_power_b: z.number(),
    fitted: z.optional(z.boolean()),
  }),
  scaling: z.strictObject({
    serial_fractions: z.record(pipeKey(2), fraction()),
    defaults: z.record(z.string(), fraction()),
    fitted: z.optional(z.boolean()),
  }),
  quality: z.strictObject({
    lookup: z.record(pipeKey(2), fraction()),
    fp16_baselines: z.record(z.string(), fraction()),
    quant_deltas: z.record(z.string(), z.number().check(z.gte(-1), z.lte(1))),
    fitted: z.optional(z.boolean()),
  }),
  cost: z.strictObject({
    hw_cost_per_hour: nonNegative(),
  }),
  latency: z.strictObject({
    service_times: z.record(pipeKey(2), positive()),
    safety_factor: z.number().check(z.gt(0), z.lte(1)),
    fitted: z.optional(z.boolean()),
  }),
  vram_v2: z.optional(VramV2Schema),
  serving_v1: z.optional(ServingV1Schema),
});

/** The validated coefficient file. */
export type FittedModels = z.infer<typeof FittedModelsSchema>;

/** How a section was fitted. */
export type FitInfo = z.infer<typeof FitSchema>;

/** The VRAM model, version 2. */
export type VramV2 = z.infer<typeof VramV2Schema>;

/** The serving model, version 1. */
export type ServingV1 = z.infer<typeof ServingV1Schema>;

/** One backend of the serving model. */
export type ServingBackend = z.infer<typeof ServingBackendSchema>;
