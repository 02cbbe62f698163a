import * as z from "zod/mini";
import { FORMATS, KERNELS, KV_DTYPES, PLATFORMS } from "../core/kinds.js";
import { LIMITS } from "../core/limits.js";
import { comment, isoDate, name, positive, positiveInt } from "./primitives.js";


const bounded = (max: number) => positive().check(z.lte(max));
const boundedInt = (max: number) => positiveInt().check(z.lte(max));

/** A model described by its published Hugging Face config.json, kept verbatim. */
const ConfiguredModelSchema = z.strictObject({
  name: name(),
  hf_id: z.optional(name()),
  ollama: z.optional(name()),
  aliases: z.optional(z.array(name())),
  published_params_b: z.optional(z.nullable(bounded(LIMITS.paramsB))),
  published_active_params_b: z.optional(z.nullable(bounded(LIMITS.paramsB))),
  params_source: z.optional(name()),
  config_source: name(),
  config_partial: z.optional(z.boolean()),
  notes: z.optional(z.string()),
  config: z.record(z.string(), z.unknown()),
});

/** A model described by hand (the reference's registry): a dense model, full attention on every layer. */
const ExplicitModelSchema = z.strictObject({
  name: name(),
  aliases: z.optional(z.array(name())),
  params_b: bounded(LIMITS.paramsB),
  n_layers: boundedInt(LIMITS.layers),
  n_kv_heads: boundedInt(LIMITS.width),
  d_head: boundedInt(LIMITS.width),
  hidden_size: boundedInt(LIMITS.width),
  context_window: boundedInt(LIMITS.contextTokens),
  source: z.optional(name()),
});

/** `models.json`: the model registry, in search order. */
export const ModelsFileSchema = z.strictObject({
  $comment: comment(),
  models: z.array(z.union([ConfiguredModelSchema, ExplicitModelSchema])).check(z.minLength(1)),
});

/** `quants.json`: weight formats and quantization levels, highest precision first. */
export const QuantsFileSchema = z.strictObject({
  $comment: comment(),
  quants: z.array(
    z.strictObject({
      name: name(),
      /** Bits per weight as stored: scales and mixes included. */
      bits_per_weight: positive().check(z.lte(64)),
      format: z.enum(FORMATS),
      /** Which kernels read it (absent: the format's own). */
      kernel: z.optional(z.enum(KERNELS)),
      /** Whether the format keeps the embedding and output head at 16 bits (AWQ, GPTQ, FP8 checkpoints do). */
      embeddings_16bit: z.optional(z.boolean()),
      source: z.optional(name()),
    }),
  ).check(z.minLength(1)),
});

/** `backends.json`: serving backends, in search order, with what each serves where. */
export const BackendsFileSchema = z.strictObject({
  $comment: comment(),
  backends: z.array(
    z.strictObject({
      name: name(),
      description: z.string(),
      /** The weight formats it serves (absent: every format, as the reference assumed). */
      formats: z.optional(z.array(z.enum(FORMATS)).check(z.minLength(1))),
      /** The GPU platforms it runs on (absent: every platform). */
      platforms: z.optional(z.array(z.enum(PLATFORMS)).check(z.minLength(1))),
      /** KV cache data types it can store (absent: FP16 only). */
      kv_dtypes: z.optional(z.array(z.enum(KV_DTYPES)).check(z.minLength(1))),
      /** What its FP16 matrix multiplies accumulate in: FP16 runs twice as fast on GeForce cards. */
      accumulate: z.optional(z.enum(["fp16", "fp32"])),
      /** How it spreads one model over several GPUs: shards every layer (tensor) or gives each GPU whole layers (layer). */
      split: z.optional(z.enum(["tensor", "layer"])),
      /** The most sequences it decodes at once by default (a batching engine's scheduler cap). */
      max_sequences: z.optional(boundedInt(100_000)),
      source: z.optional(name()),
    }),
  ).check(z.minLength(1)),
});

/** A per-GPU-hour price and where it comes from. */
const PriceSchema = z.strictObject({
  usd_per_hour: z.number().check(z.nonnegative(), z.lte(LIMITS.usdPerHour)),
  /** cloud_on_demand, or a stated alternative: serverless, capacity_block, marketplace, owned_amortised, tr133_appendix_b. */
  basis: name(),
  provider: z.optional(name()),
  source: name(),
  /** ISO date the price was published or verified. */
  date: isoDate(),
  date_note: z.optional(z.string()),
  note: z.optional(z.string()),
});

/** `hardware.json`: the GPU database. */
export const HardwareFileSchema = z.strictObject({
  $comment: comment(),
  /** The GPU the reference's throughput table was measured on (the reference world only). */
  reference_gpu: z.optional(name()),
  gpus: z.array(
    z.strictObject({
      name: name(),
      aliases: z.optional(z.array(name())),
      vendor: z.enum(PLATFORMS),
      segment: z.optional(z.enum(["consumer", "laptop", "workstation", "datacenter", "apple"])),
      memory_gb: bounded(LIMITS.memoryGb),
      /** The share of unified memory the GPU may use (Apple); absent or null: all of it. */
      usable_memory_fraction: z.optional(z.nullable(z.number().check(z.gt(0), z.lte(1)))),
      bandwidth_gbps: bounded(LIMITS.bandwidthGbps),
      /** Dense FP16 tensor TFLOPS (FP32 accumulate); null when the maker publishes none. */
      fp16_tflops: z.optional(z.nullable(bounded(LIMITS.tflops))),
      fp16_tflops_note: z.optional(z.string()),
      /** Dense FP16 tensor TFLOPS with FP16 accumulate, where that runs faster (GeForce cards: twice). */
      fp16_acc_tflops: z.optional(bounded(LIMITS.tflops)),
      fp8: z.optional(z.boolean()),
      interconnect: z.optional(
        z.strictObject({
          kind: z.enum(["nvlink", "pcie3", "pcie4", "pcie5", "infinity_fabric", "none"]),
          /** Per direction, per GPU; null when the link width is not verified (the kind's nominal rate applies). */
          gbps: z.nullable(z.number().check(z.nonnegative(), z.lte(LIMITS.bandwidthGbps))),
        }),
      ),
      specs_source: z.optional(name()),
      price: z.nullable(PriceSchema),
      /** Other sourced prices, on other bases or from other providers. */
      alt_prices: z.optional(z.array(PriceSchema)),
      notes: z.optional(z.string()),
    }),
  ).check(z.minLength(1)),
});

export type ModelsFile = z.infer<typeof ModelsFileSchema>;
export type ModelEntry = ModelsFile["models"][number];
export type HardwareFile = z.infer<typeof HardwareFileSchema>;
export type GpuEntry = HardwareFile["gpus"][number];
