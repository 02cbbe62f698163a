import * as z from "zod/mini";
import { comment, name, positive, positiveInt } from "./primitives.js";

/** `data/models.json`: the model registry, in search order. */
export const ModelsFileSchema = z.strictObject({
  $comment: comment(),
  models: z.array(
    z.strictObject({
      name: name(),
      params_b: positive(),
      n_layers: positiveInt(),
      n_kv_heads: positiveInt(),
      d_head: positiveInt(),
      hidden_size: positiveInt(),
      context_window: positiveInt(),
    }),
  ).check(z.minLength(1)),
});

/** `data/quants.json`: quantization levels, highest precision first. */
export const QuantsFileSchema = z.strictObject({
  $comment: comment(),
  quants: z.array(
    z.strictObject({
      name: name(),
      bits_per_weight: positive(),
      format: z.enum(["fp16", "gguf"]),
    }),
  ).check(z.minLength(1)),
});

/** `data/backends.json`: serving backends, in search order. */
export const BackendsFileSchema = z.strictObject({
  $comment: comment(),
  backends: z.array(
    z.strictObject({
      name: name(),
      description: z.string(),
    }),
  ).check(z.minLength(1)),
});

/** `data/hardware.json`: the GPU database and the GPU the throughput table was measured on. */
export const HardwareFileSchema = z.strictObject({
  $comment: comment(),
  reference_gpu: name(),
  gpus: z.array(
    z.strictObject({
      name: name(),
      vram_gb: positive(),
      bandwidth_gbps: positive(),
      cost_per_hour: z.number().check(z.nonnegative()),
    }),
  ).check(z.minLength(1)),
});

export type ModelsFile = z.infer<typeof ModelsFileSchema>;
export type QuantsFile = z.infer<typeof QuantsFileSchema>;
export type BackendsFile = z.infer<typeof BackendsFileSchema>;
export type HardwareFile = z.infer<typeof HardwareFileSchema>;
