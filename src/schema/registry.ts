import * as z from "zod/mini";
import { FORMATS, KERNELS, KV_DTYPES, LINK_KINDS, PLATFORMS, PRICE_BASES } from "../core/kinds.js";
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
  /** The weight formats its publisher ships, where only those exist (gpt-oss: MXFP4); absent: any format. */
  quants: z.optional(z.array(name()).check(z.minLength(1))),
  quants_source: z.optional(name()),
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
      /** Other spellings it answers to: its program's or repository's name, a common abbreviation. */
      aliases: z.optional(z.array(name())),
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
  /**
   * on_demand (a cloud's), marketplace (spot, interruptible, peer-to-peer hosts, batch tiers), serverless,
   * reserved, owned (amortised); tr133_appendix_b in the reference's world only.
   */
  basis: z.enum(PRICE_BASES),
  provider: z.optional(name()),
  source: name(),
  /** ISO date the price was published or verified. */
  date: isoDate(),
  date_note: z.optional(z.string()),
  note: z.optional(z.string()),
});

/** A figure and where it comes from. */
const sourcedFigure = (max: number) =>
  z.strictObject({
    value: bounded(max),
    source: name(),
    note: z.optional(z.string()),
  });

/** Dense FP8 tensor TFLOPS, with the accumulate its source states (GeForce headlines: FP16; FP32 runs at half there). */
const Fp8Schema = z.strictObject({
  value: bounded(LIMITS.tflops),
  /** What the figure's matrix multiplies accumulate in; absent: the source does not say. */
  accumulate: z.optional(z.enum(["fp16", "fp32"])),
  source: name(),
  note: z.optional(z.string()),
});

/** What the GPU cost to buy: a launch MSRP or list price. */
const PurchaseSchema = z.strictObject({
  usd: bounded(LIMITS.purchaseUsd),
  source: name(),
  /** ISO date the price was published; null when the source gives no day (date_note says what it gives). */
  date: z.nullable(isoDate()),
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
      /** Dense FP16 tensor TFLOPS (FP32 accumulate); null when no source gives one. */
      fp16_tflops: z.optional(z.nullable(bounded(LIMITS.tflops))),
      /** How the FP16 figure was read or derived, and how sure it is. */
      fp16_tflops_note: z.optional(z.string()),
      /** Dense FP16 tensor TFLOPS with FP16 accumulate, where that runs faster (GeForce cards: twice). */
      fp16_acc_tflops: z.optional(bounded(LIMITS.tflops)),
      /** Whether it has FP8 tensor cores. */
      fp8: z.optional(z.boolean()),
      fp8_tflops: z.optional(Fp8Schema),
      /** Dense FP4 tensor TFLOPS (Blackwell). */
      fp4_tflops: z.optional(sourcedFigure(LIMITS.tflops)),
      /** Board power: TDP, TGP or TBP, watts. */
      board_power_w: z.optional(sourcedFigure(LIMITS.boardPowerW)),
      /** The vendor's GPU boost clock, MHz (Apple: the GPU clock; AMD Instinct: peak engine clock; laptop parts: the top of the stated range). */
      boost_clock_mhz: z.optional(
        z.strictObject({
          value: z.number().check(z.gte(LIMITS.boostClockMhz.min), z.lte(LIMITS.boostClockMhz.max)),
          source: name(),
          note: z.optional(z.string()),
        }),
      ),
      interconnect: z.optional(
        z.strictObject({
          /** The link's generation: NVLink 3 (A100), 4 (H100, H200), 5 (Blackwell); PCIe 3 to 5; AMD's Infinity Fabric; none. */
          kind: z.enum(LINK_KINDS),
          /** GB/s per direction, per GPU; null when the link width is not verified (the kind's nominal rate applies). */
          gbps: z.nullable(z.number().check(z.nonnegative(), z.lte(LIMITS.bandwidthGbps))),
          source: z.optional(name()),
          note: z.optional(z.string()),
        }),
      ),
      specs_source: z.optional(name()),
      /** The main per-GPU-hour price (on demand where one is listed), or null when none could be sourced. */
      price: z.nullable(PriceSchema),
      /** Other sourced prices, on other bases or from other providers. */
      alt_prices: z.optional(z.array(PriceSchema)),
      /** What the GPU cost to buy, for pricing owned hardware. */
      purchase: z.optional(PurchaseSchema),
      notes: z.optional(z.string()),
    }),
  ).check(z.minLength(1)),
});

export type ModelsFile = z.infer<typeof ModelsFileSchema>;
export type ModelEntry = ModelsFile["models"][number];
export type HardwareFile = z.infer<typeof HardwareFileSchema>;
export type GpuEntry = HardwareFile["gpus"][number];
