import type {
  EfficiencyMeans,
  MultiAgentMeasurements,
  ServiceTimes,
  VramMeasurements,
} from "../schema/measurements.js";
import { concurrencyModel } from "./concurrency.js";
import { MAX_INSTANCES } from "./search.js";
import { predictThroughput } from "./throughput.js";
import type { Catalog, ModelSpec, QuantLevel } from "./types.js";
import { predictVramGb } from "./vram.js";

/** The measurement files `validate` holds the models against. */
export interface Measurements {
  vram: VramMeasurements;
  multiAgent: MultiAgentMeasurements;
  efficiencyMeans: EfficiencyMeans;
  serviceTimes: ServiceTimes;
}

/** One measured figure and what each coefficient set predicts for it. */
export interface ValidationPoint {
  label: string;
  source: string;
  measured: number;
  /** Used by scripts/fit-coefficients to fit the default coefficients. */
  in_sample: boolean;
  /** Prediction per coefficient set, by name. */
  predicted: Record<string, number>;
}

/** How well one coefficient set predicts one model's points. */
export interface ValidationStats {
  n: number;
  /** Null when the measured values do not vary. */
  r2: number | null;
  rmse: number;
  mape: number;
  worst: { label: string; measured: number; predicted: number; error: number };
}

/** One predictive model's points and, per coefficient set, its accuracy. */
export interface ModelValidation {
  name: "vram" | "multi_agent_throughput" | "per_request_efficiency" | "mean_efficiency" | "service_time";
  quantity: string;
  unit: string;
  points: ValidationPoint[];
  stats: Record<string, ValidationStats>;
}

/** The whole report: which coefficient sets, and each model's validation. */
export interface ValidationReport {
  coefficients: Record<string, string>;
  models: ModelValidation[];
}

/** A named coefficient set: the catalog with that file's coefficients. */
export interface CoefficientSet {
  name: string;
  file: string;
  catalog: Catalog;
}

function find<T extends { name: string }>(items: readonly T[], name: string): T {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`a measurement names unknown "${name}"`);
  return found;
}

/** Single-request throughput on the reference GPU (where every measurement was taken). */
function soloTps(catalog: Catalog, model: ModelSpec, quant: QuantLevel, backend: string): number {
  const ref = catalog.referenceGpu;
  return predictThroughput(model, quant, backend, ref, ref, catalog.fitted.throughput).tokensPerSecond;
}

/** Per-request efficiency with `c` requests on one reference GPU, by the set's concurrency law. */
function efficiency(catalog: Catalog, model: ModelSpec, quant: QuantLevel, backend: string, c: number): number {
  const tps = soloTps(catalog, model, quant, backend);
  return concurrencyModel(catalog.fitted, model, quant, backend, tps, catalog.referenceGpu, MAX_INSTANCES).eta(c);
}

/** R², RMSE, MAPE and the worst point of one set's predictions. */
function statsFor(points: readonly ValidationPoint[], set: string): ValidationStats {
  const n = points.length;
  const mean = points.reduce((s, p) => s + p.measured, 0) / n;
  let sse = 0;
  let sst = 0;
  let ape = 0;
  let worst = points[0]!;
  let worstError = 0;
  for (const p of points) {
    const error = (p.predicted[set] ?? NaN) - p.measured;
    sse += error * error;
    sst += (p.measured - mean) ** 2;
    ape += Math.abs(error / p.measured);
    if (Math.abs(error) >= Math.abs(worstError)) {
      worst = p;
      worstError = error;
    }
  }
  return {
    n,
    r2: sst > 0 ? 1 - sse / sst : null,
    rmse: Math.sqrt(sse / n),
    mape: ape / n,
    worst: { label: worst.label, measured: worst.measured, predicted: worst.predicted[set] ?? NaN, error: worstError },
  };
}

function model(
  name: ModelValidation["name"],
  quantity: string,
  unit: string,
  points: ValidationPoint[],
  sets: readonly CoefficientSet[],
): ModelValidation {
  return { name, quantity, unit, points, stats: Object.fromEntries(sets.map((s) => [s.name, statsFor(points, s.name)])) };
}

/**
 * Predicts every published measurement with each coefficient set: VRAM by context (TR127), total
 * throughput and per-request efficiency of concurrent requests on one GPU (TR129/TR130), and the service
 * time of one request alone (SS9.2).
 */
export function validate(sets: readonly CoefficientSet[], m: Measurements): ValidationReport {
  const registry = sets[0]!.catalog;
  const per = (f: (c: Catalog) => number) => Object.fromEntries(sets.map((s) => [s.name, f(s.catalog)]));
  const vram = m.vram.points.map((p) => {
    const spec = find(registry.models, p.model);
    const quant = find(registry.quants, p.quant);
    return {
      label: `${p.model} ${p.quant}, ${p.context_length} tokens`,
      source: p.source,
      measured: p.vram_gb,
      in_sample: p.used_in_fit,
      predicted: per((c) => predictVramGb(spec, quant, p.context_length, c.fitted)),
    };
  });
  const concurrent = m.multiAgent.points.map((p) => ({
    p,
    spec: find(registry.models, p.model),
    quant: find(registry.quants, p.quant),
    label: `${p.model} ${p.quant} ${p.backend}, ${p.concurrency} concurrent`,
  }));
  const totals = concurrent
    .filter(({ p }) => p.total_tps !== undefined)
    .map(({ p, spec, quant, label }) => ({
      label,
      source: p.source,
      measured: p.total_tps ?? NaN,
      in_sample: p.used_in_fit,
      predicted: per((c) => p.concurrency * soloTps(c, spec, quant, p.backend) * efficiency(c, spec, quant, p.backend, p.concurrency)),
    }));
  const efficiencies = concurrent.map(({ p, spec, quant, label }) => ({
    label: `${label} (${p.total_tps !== undefined ? `from ${p.total_tps} tok/s` : "as published"})`,
    source: p.source,
    measured: p.efficiency ?? (p.total_tps ?? NaN) / (p.concurrency * soloTps(registry, spec, quant, p.backend)),
    in_sample: p.used_in_fit,
    predicted: per((c) => efficiency(c, spec, quant, p.backend, p.concurrency)),
  }));
  const means = m.efficiencyMeans.points.map((p) => {
    const quant = find(registry.quants, p.quant);
    const weights = Object.entries(p.backend_weights);
    const total = weights.reduce((s, [, w]) => s + w, 0);
    const mean = (c: Catalog) =>
      weights.reduce((sum, [backend, w]) => {
        const perModel = p.models.map((name) => efficiency(c, find(registry.models, name), quant, backend, p.concurrency));
        return sum + (w / total) * (perModel.reduce((a, b) => a + b, 0) / perModel.length);
      }, 0);
    return {
      label: `${weights.map(([b]) => b).join("+")} mean of ${p.models.length} models, ${p.concurrency} concurrent`,
      source: p.source,
      measured: p.efficiency,
      in_sample: p.used_in_fit,
      predicted: per(mean),
    };
  });
  const tokens = m.serviceTimes.output_tokens;
  const service = m.serviceTimes.points.map((p) => {
    const spec = find(registry.models, p.model);
    const quant = find(registry.quants, p.quant);
    return {
      label: `${p.model} ${p.quant} ${p.backend}, ${tokens} tokens`,
      source: p.source,
      measured: p.service_time_ms,
      in_sample: p.used_in_fit,
      predicted: per((c) => (tokens / soloTps(c, spec, quant, p.backend)) * 1000),
    };
  });
  return {
    coefficients: Object.fromEntries(sets.map((s) => [s.name, s.file])),
    models: [
      model("vram", "peak VRAM of one sequence", "GB", vram, sets),
      model("multi_agent_throughput", "total decode throughput on one GPU", "tok/s", totals, sets),
      model("per_request_efficiency", "per-request efficiency against one request alone", "ratio", efficiencies, sets),
      model("mean_efficiency", "per-request efficiency, published as a mean over models and backends", "ratio", means, sets),
      model("service_time", "one request's generation time, alone", "ms", service, sets),
    ],
  };
}
