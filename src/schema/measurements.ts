import * as z from "zod/mini";
import { comment, fraction, name, nonNegative, positive, positiveInt } from "./primitives.js";
import { PLATFORMS } from "../core/kinds.js";

/** Where a measured figure was published: report and section. */
const source = () => name();

/** What a run was: the model (a registry model, or a config in data/measurements/configs/ without .json), its format and engine, and the GPU. */
const run = () => ({
  model: name(),
  quant: name(),
  backend: name(),
  gpu: name(),
  platform: z.enum(PLATFORMS),
  bandwidth_gbps: positive().check(z.lte(1_000_000)),
});

/** How many GPUs a run spanned, and how: by layers (llama.cpp) or by tensors, and the GB/s per direction between them. */
const spread = () => ({
  n_gpus: positiveInt().check(z.lte(1024)),
  split: z.optional(z.enum(["layer", "tensor"])),
  link_gbps: z.optional(positive().check(z.lte(100_000))),
});

/** Whether the fit uses the row, its source, and notes on its conditions. */
const provenance = () => ({
  used_in_fit: z.boolean(),
  source: source(),
  notes: z.optional(z.string()),
});

/** `data/measurements/vram.json`: peak VRAM by model and context length. */
export const VramMeasurementsSchema = z.strictObject({
  $comment: comment(),
  points: z.array(
    z.strictObject({
      model: name(),
      quant: name(),
      context_length: positiveInt(),
      vram_gb: positive(),
      used_in_fit: z.boolean(),
      source: source(),
    }),
  ).check(z.minLength(1)),
});

/** `data/measurements/multi-agent.json`: total throughput or per-request efficiency at a concurrency. */
export const MultiAgentMeasurementsSchema = z.strictObject({
  $comment: comment(),
  points: z.array(
    z.strictObject({
      model: name(),
      quant: name(),
      backend: name(),
      concurrency: positiveInt(),
      total_tps: z.optional(positive()),
      efficiency: z.optional(fraction()),
      used_in_fit: z.boolean(),
      source: source(),
    }).check(
      z.refine((p) => (p.total_tps === undefined) !== (p.efficiency === undefined), "give exactly one of total_tps and efficiency"),
    ),
  ).check(z.minLength(1)),
});

/** `data/measurements/efficiency-means.json`: per-request efficiency published as a mean over (model, backend) pairs. */
export const EfficiencyMeansSchema = z.strictObject({
  $comment: comment(),
  points: z.array(
    z.strictObject({
      models: z.array(name()).check(z.minLength(1)),
      backend_weights: z.record(name(), positive()),
      quant: name(),
      concurrency: positiveInt(),
      efficiency: fraction(),
      used_in_fit: z.boolean(),
      source: source(),
    }),
  ).check(z.minLength(1)),
});

/** `data/measurements/serial-fractions.json`: upstream Amdahl fits. */
export const SerialFractionsSchema = z.strictObject({
  $comment: comment(),
  fits: z.array(
    z.strictObject({
      model: name(),
      backend: name(),
      serial_fraction: fraction(),
      source: source(),
    }),
  ).check(z.minLength(1)),
});

/** `data/measurements/service-times.json`: single-request wall time. */
export const ServiceTimesSchema = z.strictObject({
  $comment: comment(),
  output_tokens: positiveInt(),
  points: z.array(
    z.strictObject({
      model: name(),
      backend: name(),
      quant: name(),
      service_time_ms: positive(),
      used_in_fit: z.boolean(),
      source: source(),
    }),
  ).check(z.minLength(1)),
});

export type VramMeasurements = z.infer<typeof VramMeasurementsSchema>;
export type MultiAgentMeasurements = z.infer<typeof MultiAgentMeasurementsSchema>;
export type EfficiencyMeans = z.infer<typeof EfficiencyMeansSchema>;
export type ServiceTimes = z.infer<typeof ServiceTimesSchema>;

/** `data/measurements/decode.json`: single-request decode speeds on named GPUs, each from its source. */
export const DecodeMeasurementsSchema = z.strictObject({
  $comment: comment(),
  points: z.array(
    z.strictObject({
      ...run(),
      ...spread(),
      prompt_tokens: z.int().check(z.nonnegative(), z.lte(100_000_000)),
      output_tokens: positiveInt().check(z.lte(100_000_000)),
      tokens_per_second: positive().check(z.lte(1_000_000)),
      ...provenance(),
    }),
  ).check(z.minLength(1)),
});

export type DecodeMeasurements = z.infer<typeof DecodeMeasurementsSchema>;

/**
 * `data/measurements/prefill.json`: how long prompts take, each from its source: prompt-processing speed
 * (llama-bench's pp, tokens per second), time to first token at one request (milliseconds), or one
 * request's output tokens over the wall time of its prompt and output (tokens per second).
 */
export const PrefillMeasurementsSchema = z.strictObject({
  $comment: comment(),
  points: z.array(
    z.strictObject({
      ...run(),
      /** Dense FP16 tensor TFLOPS of one GPU (data/hardware.json). */
      fp16_tflops: positive().check(z.lte(1_000_000)),
      /** The same with FP16 accumulate, where faster (GeForce cards). */
      fp16_acc_tflops: z.optional(positive().check(z.lte(1_000_000))),
      fp8: z.boolean(),
      ...spread(),
      prompt_tokens: positiveInt().check(z.lte(100_000_000)),
      /** generation_tps: the output tokens generated after the prompt. */
      output_tokens: z.optional(positiveInt().check(z.lte(100_000_000))),
      metric: z.enum(["prefill_tps", "ttft_ms", "generation_tps"]),
      value: positive().check(z.lte(100_000_000)),
      ...provenance(),
    }),
  ).check(
    z.minLength(1),
    z.refine((points) => points.every((p) => p.metric !== "generation_tps" || p.output_tokens !== undefined), {
      message: "a generation_tps point needs output_tokens",
    }),
  ),
});

export type PrefillMeasurements = z.infer<typeof PrefillMeasurementsSchema>;

/** `data/measurements/throughput.json`: a deployment's output throughput at the most load its engine admits. */
export const ThroughputMeasurementsSchema = z.strictObject({
  $comment: comment(),
  points: z.array(
    z.strictObject({
      ...run(),
      fp16_tflops: positive().check(z.lte(1_000_000)),
      fp8: z.boolean(),
      memory_gb: positive().check(z.lte(100_000)),
      ...spread(),
      prompt_tokens: positiveInt().check(z.lte(100_000_000)),
      output_tokens: positiveInt().check(z.lte(100_000_000)),
      /** Output tokens per second of all the GPUs together. */
      total_tps: positive().check(z.lte(100_000_000)),
      ...provenance(),
    }),
  ).check(z.minLength(1)),
});

export type ThroughputMeasurements = z.infer<typeof ThroughputMeasurementsSchema>;

/** Latency and throughput figures a serving benchmark reports (each only where the source gives it). */
const ServingMetricsSchema = z.strictObject({
  /** Output tokens per second of the whole deployment. */
  output_tps: z.optional(positive()),
  /** Input and output tokens per second. */
  total_tps: z.optional(positive()),
  /** Completed requests per second. */
  request_throughput: z.optional(positive()),
  ttft_ms_mean: z.optional(positive()),
  ttft_ms_p50: z.optional(positive()),
  ttft_ms_p90: z.optional(positive()),
  ttft_ms_p99: z.optional(positive()),
  tpot_ms_mean: z.optional(positive()),
  tpot_ms_p50: z.optional(positive()),
  tpot_ms_p99: z.optional(positive()),
  itl_ms_mean: z.optional(positive()),
  itl_ms_p50: z.optional(positive()),
  itl_ms_p99: z.optional(positive()),
  e2e_ms_mean: z.optional(positive()),
  e2e_ms_p50: z.optional(positive()),
  e2e_ms_p99: z.optional(positive()),
  /** Prompt tokens per second (llama-batched-bench's S_PP). */
  prefill_tps: z.optional(positive()),
  /** Output tokens per second of one request. */
  per_user_tps: z.optional(positive()),
  decode_tps_per_seq: z.optional(positive()),
});

/** How a benchmark loaded the deployment. */
const LoadSchema = z.union([
  /** A closed loop of `value` clients (vllm bench serve --max-concurrency, genai-perf's concurrency mode). */
  z.strictObject({ kind: z.literal("concurrency"), value: positiveInt() }),
  /** A static batch of `value` sequences decoded together (llama-batched-bench, benchmark_latency). */
  z.strictObject({ kind: z.literal("batch"), value: positiveInt() }),
  /** Requests arriving at `value` per second (Poisson unless stated). */
  z.strictObject({ kind: z.literal("request_rate"), value: z.optional(positive()), arrival: z.optional(z.string()) }),
  /** Every request at once: the engine admits what its scheduler and KV cache allow. */
  z.strictObject({ kind: z.literal("offline") }),
]);

/** `data/measurements/serving.json`: published serving runs under load, each with its source, and a held-out split. */
export const ServingMeasurementsSchema = z.strictObject({
  $comment: comment(),
  points: z.array(
    z.strictObject({
      model: name(),
      quant: name(),
      backend: name(),
      engine_version: z.nullable(z.string()),
      /** The GPU database's name, or the source's words when it states the GPU ambiguously. */
      gpu: name(),
      gpu_as_stated: name(),
      n_gpus: positiveInt().check(z.lte(1024)),
      tensor_parallel: positiveInt().check(z.lte(1024)),
      expert_parallel: z.boolean(),
      kv_dtype: z.enum(["fp16", "fp8", "q8_0", "q4_0"]),
      /** Mean tokens per request; null when the source used a dataset without stating them. */
      prompt_tokens: z.nullable(nonNegative().check(z.lte(100_000_000))),
      output_tokens: z.nullable(nonNegative().check(z.lte(100_000_000))),
      dataset: z.optional(z.string()),
      /** Requests in the run, where stated (an offline run of few requests never fills the engine). */
      num_prompts: z.optional(positiveInt()),
      load: LoadSchema,
      metrics: ServingMetricsSchema,
      /** "holdout": never fitted on. */
      split: z.enum(["fit", "holdout"]),
      /** Why a row is kept out of the fit whatever its split (it measures something the model does not). */
      excluded: z.optional(name()),
      source: source(),
      notes: z.optional(z.string()),
    }),
  ).check(z.minLength(1)),
});

export type ServingMeasurements = z.infer<typeof ServingMeasurementsSchema>;
