import * as z from "zod/mini";
import { comment, fraction, name, nonNegative, pipeKey, positive, positiveInt } from "./primitives.js";
import { KERNELS, PLATFORMS } from "../core/kinds.js";

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

/** How one backend serves concurrent requests on one GPU. */
const ServingBackendSchema = z
  .strictObject({
    $comment: comment(),
    mechanism: z.enum(["amdahl", "batching"]),
    /** Amdahl: fitted serial fraction per model, η(N) = 1 / (sN + 1 − s). */
    serial_fractions: z.optional(z.record(name(), fraction())),
    default_serial_fraction: z.optional(fraction()),
    /** Batching: milliseconds each sequence adds to a decode step beyond reading its KV cache (sampling, scheduling). */
    sequence_ms: z.optional(z.number().check(z.nonnegative(), z.lte(1000))),
    /** Where the coefficient comes from: fitted on this backend's measurements, or another backend's. */
    source: z.enum(["measured", "estimated"]),
    /** Models whose multi-request measurements the coefficient was fitted on. */
    fitted_on: z.optional(z.array(name())),
    /** The most concurrent requests per GPU measured: beyond it, the law is extrapolated. */
    max_concurrency: positiveInt().check(z.lte(100_000)),
  })
  .check(
    z.refine((b) => b.mechanism !== "amdahl" || b.default_serial_fraction !== undefined, {
      message: "an amdahl backend needs default_serial_fraction",
      path: ["default_serial_fraction"],
    }),
    z.refine((b) => b.mechanism !== "batching" || b.sequence_ms !== undefined, {
      message: "a batching backend needs sequence_ms",
      path: ["sequence_ms"],
    }),
  );

/**
 * Serving, version 2 (chimeraforge): replicas apart from concurrency. Per-GPU throughput follows each
 * backend's mechanism on top of the roofline's decode step; replicas scale linearly and multiply the bill.
 */
const ServingV2Schema = z.strictObject({
  $comment: comment(),
  backends: z.record(name(), ServingBackendSchema),
  /** One model over several GPUs. */
  parallel: z.strictObject({
    $comment: comment(),
    /** Tensor parallelism: fixed microseconds of one all-reduce (two per layer per step), beyond moving its bytes. */
    allreduce_us: z.number().check(z.nonnegative(), z.lte(100_000)),
    /** Layer split: milliseconds each further GPU adds to a step (handing the activations on). */
    layer_hop_ms: z.number().check(z.nonnegative(), z.lte(1000)),
    source: z.enum(["measured", "estimated"]),
    n_points: z.int().check(z.nonnegative()),
  }),
  fit: FitSchema,
});

/** An efficiency: a share of bandwidth in (0, 1]. */
const efficiency = () => z.number().check(z.gt(0), z.lte(1));

/** The roofline coefficients of one (backend, platform) pair. */
const RooflineCoefficientsSchema = z.strictObject({
  /** Fixed milliseconds per layer per decode step (kernel launches, synchronisation). */
  layer_ms: z.number().check(z.nonnegative(), z.lte(100)),
  /** The share of bandwidth at which attention reads the KV cache. */
  kv_efficiency: efficiency(),
  /** The share of bandwidth at which each kernel family reads the weights. */
  weight_efficiency: z.partialRecord(z.enum(KERNELS), efficiency()),
  /** "measured": fitted on this pair's measurements; otherwise where the figures were borrowed from. */
  source: name(),
  /** Kernel families fitted on this pair's own measurements (the others are borrowed). */
  measured_kernels: z.array(z.enum(KERNELS)),
  /** Measurements the pair was fitted on. */
  n_points: z.int().check(z.nonnegative()),
  /** Prefill: the share of the GPU's dense FP16 tensor FLOPS each kernel family's matrix multiplies reach on a prompt. */
  compute_efficiency: z.partialRecord(z.enum(KERNELS), efficiency()),
  /** Prefill: the share attention's quadratic term (every prompt token against every earlier one) reaches. */
  attention_efficiency: efficiency(),
  /** Prefill: fixed milliseconds before the first token (scheduling, the first sampling). */
  prefill_ms: z.number().check(z.nonnegative(), z.lte(10_000)),
  /** "measured", or where the prefill figures were borrowed from. */
  prefill_source: name(),
  /** Prompt measurements the prefill figures were fitted on. */
  prefill_points: z.int().check(z.nonnegative()),
});

/** A measured single-request decode speed the roofline carries to other GPUs and contexts. */
const AnchorSchema = z.strictObject({
  model: name(),
  quant: name(),
  backend: name(),
  gpu: name(),
  bandwidth_gbps: positive().check(z.lte(1_000_000)),
  platform: z.enum(PLATFORMS),
  context_tokens: z.number().check(z.nonnegative(), z.lte(100_000_000)),
  tokens_per_second: positive().check(z.lte(1_000_000)),
  source: name(),
});

/**
 * The decode roofline, version 1 (chimeraforge): per (backend, platform) coefficients keyed
 * "backend|platform" ("any" for a GPU known only by its figures), and the measured rows that win on the
 * GPU they were measured on.
 */
const RooflineV1Schema = z.strictObject({
  $comment: comment(),
  coefficients: z.record(z.string().check(z.regex(/^[^|\s]+\|(nvidia|amd|apple|any)$/, 'expected "backend|platform"')), RooflineCoefficientsSchema),
  anchors: z.array(AnchorSchema),
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
  serving_v2: z.optional(ServingV2Schema),
  roofline_v1: z.optional(RooflineV1Schema),
});

/** The validated coefficient file. */
export type FittedModels = z.infer<typeof FittedModelsSchema>;


/** The VRAM model, version 2. */
export type VramV2 = z.infer<typeof VramV2Schema>;

/** The serving model, version 2. */
export type ServingV2 = z.infer<typeof ServingV2Schema>;

/** The decode roofline, version 1. */
export type RooflineV1 = z.infer<typeof RooflineV1Schema>;

/** The roofline coefficients of one (backend, platform) pair. */
export type RooflineCoefficients = z.infer<typeof RooflineCoefficientsSchema>;

/** A measured decode speed the roofline carries over. */
export type Anchor = z.infer<typeof AnchorSchema>;

/** One backend of the serving model. */
export type ServingBackend = z.infer<typeof ServingBackendSchema>;
