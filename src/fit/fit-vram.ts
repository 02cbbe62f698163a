import type { VramV2 } from "../schema/fitted-models.js";
import type { VramMeasurements } from "../schema/measurements.js";
import type { ModelSpec, QuantLevel } from "../core/catalog/types.js";
import { GB, GIB, kvCacheGib, residentWeightsGb } from "../core/model/weights.js";
import { fitStats, leastSquares } from "./least-squares.js";

/** Looks an entry up by name or throws, naming what is missing. */
function byName<T extends { name: string }>(items: readonly T[], name: string, what: string): T {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`measurement names unknown ${what} "${name}"`);
  return found;
}

/**
 * Fits VRAM = overhead × weights + intercept + KV + activation × context × hidden size (KV counted exactly,
 * 2 bytes per element) by least squares on the measurements marked used_in_fit. The overhead is bounded
 * below by 1, since a runtime cannot hold the weights in less than their size: if the free fit falls
 * under it, the overhead is fixed at 1 and the other two are refitted.
 */
export function fitVram(
  measurements: VramMeasurements,
  models: readonly ModelSpec[],
  quants: readonly QuantLevel[],
  files: string[],
): VramV2 {
  const points = measurements.points.filter((p) => p.used_in_fit);
  const rows = points.map((p) => {
    const model = byName(models, p.model, "model");
    const quant = byName(quants, p.quant, "quant");
    return {
      // Weights in GiB, as the KV cache and the GPU's memory are counted.
      weights: (residentWeightsGb(model, quant) * GB) / GIB,
      kv: kvCacheGib(model, p.context_length),
      activation: (p.context_length * model.hidden_size) / GIB,
      measured: p.vram_gb,
    };
  });
  const free = leastSquares(
    rows.map((r) => [r.weights, 1, r.activation]),
    rows.map((r) => r.measured - r.kv),
  );
  let [overhead, intercept, activation] = free as [number, number, number];
  if (overhead < 1) {
    overhead = 1;
    [intercept, activation] = leastSquares(
      rows.map((r) => [1, r.activation]),
      rows.map((r) => r.measured - r.kv - r.weights),
    ) as [number, number];
  }
  const predicted = rows.map((r) => overhead * r.weights + intercept + r.kv + activation * r.activation);
  const stats = fitStats(predicted, rows.map((r) => r.measured));
  return {
    $comment:
      "GiB = weights x overhead_factor + intercept_gib + KV of every concurrent sequence + activation_bytes_per_token_hidden x context x hidden_size / 2^30. Fitted by scripts/fit-coefficients.ts; do not edit by hand.",
    overhead_factor: overhead,
    intercept_gib: intercept,
    activation_bytes_per_token_hidden: activation,
    fit: {
      method: "least squares, overhead_factor >= 1",
      script: "scripts/fit-coefficients.ts",
      measurements: files,
      n_points: stats.n,
      r2: stats.r2 ?? 0,
      rmse: stats.rmse,
      max_abs_error: stats.maxAbsError,
    },
  };
}
