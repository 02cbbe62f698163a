import * as z from "zod/mini";
import { comment, fraction, nonNegative, pipeKey, positive } from "./primitives.js";

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
});

/** The validated coefficient file. */
export type FittedModels = z.infer<typeof FittedModelsSchema>;
