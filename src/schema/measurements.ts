import * as z from "zod/mini";
import { comment, fraction, name, positive, positiveInt } from "./primitives.js";

/** Where a measured figure was published: report and section. */
const source = () => name();

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
export type SerialFractions = z.infer<typeof SerialFractionsSchema>;
export type EfficiencyMeans = z.infer<typeof EfficiencyMeansSchema>;
export type ServiceTimes = z.infer<typeof ServiceTimesSchema>;
