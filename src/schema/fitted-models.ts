import * as z from "zod/mini";
import { comment, fraction, name, nonNegative, pipeKey, positive } from "./primitives.js";
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
  intercept_gib: nonNegative(),
  activation_bytes_per_token_hidden: nonNegative(),
  fit: FitSchema,
});

/** An efficiency: a share of bandwidth in (0, 1]. */
const efficiency = () => z.number().check(z.gt(0), z.lte(1));

/** Milliseconds, bounded: every fitted time is far below a second. */
const ms = () => z.number().check(z.nonnegative(), z.lte(1000));

/** How a pair's figures were obtained: "fitted" on its own rows, or "borrowed from <pair>" (and how many rows). */
const provenance = () => name();

/**
 * The engine step of one (backend, platform) pair: a continuous-batching step reads the weights once and
 * every sequence's KV cache, computes every token's arithmetic, and spends fixed time per layer (kernel
 * launches), per step and per sequence (the engine's host work).
 */
const StepPairSchema = z.strictObject({
  /** Decode: fixed milliseconds per layer per step on a GPU of `layer_scaling.reference_gbps`. */
  layer_ms: z.number().check(z.nonnegative(), z.lte(100)),
  /** The share of bandwidth at which each kernel family reads the weights. */
  weight_efficiency: z.partialRecord(z.enum(KERNELS), efficiency()),
  /** The share of bandwidth at which attention reads the KV cache. */
  kv_efficiency: efficiency(),
  /** Kernel families fitted on this pair's own rows (the others are borrowed). */
  measured_kernels: z.array(z.enum(KERNELS)),
  decode_source: provenance(),
  decode_points: z.int().check(z.nonnegative()),
  /** Prefill: the share of the format's peak FLOPS each kernel family's matrix multiplies reach. */
  compute_efficiency: z.partialRecord(z.enum(KERNELS), efficiency()),
  /** Prefill: the share attention's quadratic term reaches. */
  attention_efficiency: efficiency(),
  /** Fixed milliseconds before a request's first step (tokenising, scheduling). */
  first_token_ms: ms(),
  prefill_source: provenance(),
  prefill_points: z.int().check(z.nonnegative()),
  /** Under load: the engine's host milliseconds per step (scheduling, sampling), and per sequence in the step. */
  step_ms: ms(),
  sequence_ms: ms(),
  load_source: provenance(),
  load_points: z.int().check(z.nonnegative()),
});

/** What joins the GPUs of a replica over one kind of link. */
/** A mixture of experts' figures on a platform (see StepV1Schema's experts). */
const ExpertFigures = { read_efficiency: efficiency(), layer_ms: ms(), source: provenance(), n_points: z.int().check(z.nonnegative()) };

const LinkSchema = z.strictObject({
  /** Fixed microseconds of one all-reduce (two per layer per step), beyond moving its bytes at the link's bandwidth. */
  allreduce_us: z.number().check(z.nonnegative(), z.lte(100_000)),
  /** The share of the link's datasheet bandwidth an all-reduce's bytes move at (the achieved bus bandwidth). */
  bandwidth_efficiency: z.number().check(z.positive(), z.lte(1)),
  source: provenance(),
  n_points: z.int().check(z.nonnegative()),
});

/** The link classes whose latencies and bandwidth shares are fitted apart (a link's bandwidth is its GPU's datasheet figure times its share). */
export const LINK_CLASSES = ["nvlink", "pcie", "infinity_fabric"] as const;

/**
 * The engine step, version 1 (chimeraforge): per (backend, platform) pairs keyed "backend|platform" ("any"
 * for a GPU known only by its figures), how the per-layer time scales with the GPU, the experts of a
 * mixture, and the links between GPUs. Fitted by scripts/fit-coefficients.ts; one file serves decode,
 * prefill and load.
 */
const StepV1Schema = z.strictObject({
  $comment: comment(),
  pairs: z.record(z.string().check(z.regex(/^[^|\s]+\|(nvidia|amd|apple|any)$/, 'expected "backend|platform"')), StepPairSchema),
  /** The per-layer time scales as (reference_gbps / bandwidth)^exponent: faster GPUs run small kernels sooner. */
  layer_scaling: z.strictObject({ reference_gbps: positive(), exponent: fraction() }),
  /**
   * A mixture of experts: routed experts are read at `read_efficiency` of the dense weights' share; each MoE
   * layer adds `layer_ms` per step (routing, permuting tokens). A platform with rows enough of its own has its
   * own figures (its MoE kernels are its own); the others take these.
   */
  experts: z.strictObject({ ...ExpertFigures, platforms: z.optional(z.partialRecord(z.enum(PLATFORMS), z.strictObject(ExpertFigures))) }),
  links: z.strictObject({ nvlink: LinkSchema, pcie: LinkSchema, infinity_fabric: LinkSchema }),
  /** A layer split: milliseconds each further GPU adds to a step (handing the activations on). */
  layer_hop_ms: ms(),
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
  step_v1: z.optional(StepV1Schema),
});

/** The validated coefficient file. */
export type FittedModels = z.infer<typeof FittedModelsSchema>;

/** The VRAM model, version 2. */
export type VramV2 = z.infer<typeof VramV2Schema>;

/** The engine step, version 1. */
export type StepV1 = z.infer<typeof StepV1Schema>;

/** One (backend, platform) pair of the engine step. */
export type StepPair = z.infer<typeof StepPairSchema>;

