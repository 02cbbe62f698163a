import type {
  DecodeMeasurements,
  PrefillMeasurements,
  ThroughputMeasurements,
  EfficiencyMeans,
  MultiAgentMeasurements,
  ServiceTimes,
  ServingMeasurements,
  VramMeasurements,
} from "../../schema/measurements.js";
import { customGpu, priced } from "../hardware/gpu.js";
import { lookupGpu } from "../hardware/gpu-lookup.js";
import { mostThroughput } from "./throughput-at-load.js";
import { calibratorOf, type Calibrator } from "../calibrate/calibrator.js";
import { decodeRows, loadReplica, loadRows, predictDecode, predictLoad, predictPrefill, prefillRows, type LoadMetric, type RowWorld } from "./measured-rows.js";
import type { Catalog, Gpu, ModelSpec, Scenario, QuantLevel } from "../catalog/types.js";

/** The measurement files `validate` holds the models against. */
export interface Measurements {
  vram: VramMeasurements;
  multiAgent: MultiAgentMeasurements;
  efficiencyMeans: EfficiencyMeans;
  serviceTimes: ServiceTimes;
  decode: DecodeMeasurements;
  prefill: PrefillMeasurements;
  throughput: ThroughputMeasurements;
  serving: ServingMeasurements;
  /** Models a decode measurement names that are not in the registry, from data/measurements/configs/. */
  measuredModels: readonly ModelSpec[];
}

/** The GPU the TR corpus measured on, as both worlds name it. */
const TR_GPU = "RTX 4080 12GB";

/** One measured figure and what each coefficient set predicts for it. */
interface ValidationPoint {
  label: string;
  source: string;
  measured: number;
  /** Used by scripts/fit-coefficients to fit the default coefficients. */
  in_sample: boolean;
  /** Prediction per coefficient set, by name; null where that set cannot predict it (a backend it lacks). */
  predicted: Record<string, number | null>;
}

/** How well one coefficient set predicts one model's points. */
interface ValidationStats {
  /** Points the set predicts. */
  n: number;
  /** Null when the measured values do not vary or nothing is predicted. */
  r2: number | null;
  rmse: number | null;
  mape: number | null;
  /** The median absolute relative error. */
  median_ape: number | null;
  worst: { label: string; measured: number; predicted: number; error: number } | null;
}

/** One predictive model's points and, per coefficient set, its accuracy. */
export interface ModelValidation {
  name:
    | "vram"
    | "multi_agent_throughput"
    | "per_request_efficiency"
    | "mean_efficiency"
    | "service_time"
    | "decode_speed"
    | "multi_gpu_decode_speed"
    | "prefill"
    | "throughput_at_load"
    | "serving";
  quantity: string;
  unit: string;
  /** The backend and platform a group of points is of (decode speed, prefill), when the points are grouped so. */
  backend?: string;
  platform?: string;
  points: ValidationPoint[];
  stats: Record<string, ValidationStats>;
}

/** The whole report: which coefficient sets, and each model's validation. */
export interface ValidationReport {
  coefficients: Record<string, string>;
  models: ModelValidation[];
}

/** A named coefficient set: the catalog with that file's coefficients (and its world). */
export interface CoefficientSet {
  name: string;
  file: string;
  catalog: Catalog;
}

/** A measurement naming something a catalog lacks. */
export class UnknownReferenceError extends Error {
  override name = "UnknownReferenceError";
  constructor(
    readonly file: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${file}: ${path}: ${detail}`);
  }
}

/** An entry by exact name, or undefined. */
function named<T extends { name: string }>(items: readonly T[], name: string): T | undefined {
  return items.find((i) => i.name === name);
}

/** The request a measurement was taken under: one request of `output` tokens after `prompt` on `gpu`. */
function measurementRequest(gpu: Gpu, prompt: number, output: number): Scenario {
  return {
    sizeClass: { kind: "all" },
    requestRate: 1,
    latencySloMs: Number.MAX_VALUE,
    percentile: 95,
    qualityTarget: 0,
    budgetUsdPerMonth: Number.MAX_VALUE,
    gpu: priced(gpu, gpu.usd_per_hour ?? 0)!,
    contextLength: prompt + output,
    outputTokens: output,
  };
}

/** Everything needed to predict a TR measurement with one set: its model, quant and the TR GPU, or why not. */
function trConfig(c: Catalog, model: string, quant: string): { spec: ModelSpec; q: QuantLevel; gpu: Gpu } | undefined {
  const spec = named(c.models, model);
  const q = named(c.quants, quant);
  const found = lookupGpu(c.gpus, TR_GPU);
  if (!spec || !q || found.kind !== "found") return undefined;
  return { spec, q, gpu: found.item };
}

/** Single-request throughput on the TR GPU, by the set's laws. */
function soloTps(c: Catalog, model: string, quant: string, backend: string, output = 128): number | null {
  const t = trConfig(c, model, quant);
  const spec = named(c.backends, backend);
  if (!t || !spec) return null;
  return c.engine.configure(t.spec, t.q, spec, measurementRequest(t.gpu, 0, output)).throughput.tokensPerSecond;
}

/** Per-request efficiency with `n` requests on one TR GPU, by the set's concurrency law. */
function efficiency(c: Catalog, model: string, quant: string, backend: string, n: number): number | null {
  const t = trConfig(c, model, quant);
  const spec = named(c.backends, backend);
  if (!t || !spec) return null;
  return c.engine.configure(t.spec, t.q, spec, measurementRequest(t.gpu, 0, 128)).concurrency.eta(n);
}

/** The calibrator of a set's calibration, if it has one. */
const calibratorFor = (c: Catalog): Calibrator | undefined => (c.calibration ? calibratorOf(c.calibration) : undefined);

/** The reference's prediction of one decode measurement: its own laws on a GPU of the row's bandwidth. */
function referenceDecodeSpeed(c: Catalog, p: DecodeMeasurements["points"][number], spec: ModelSpec | undefined): number | null {
  const quant = named(c.quants, p.quant);
  const backend = named(c.backends, p.backend);
  if (!spec || !quant || !backend) return null;
  const gpu: Gpu = { ...customGpu({ memoryGb: 1e6, bandwidthGbps: p.bandwidth_gbps, platform: p.platform }), name: p.gpu };
  return c.engine.configure(spec, quant, backend, measurementRequest(gpu, p.prompt_tokens, p.output_tokens)).throughput.tokensPerSecond;
}

/** The median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** R², RMSE, MAPE, the median error and the worst point of one set's predictions (of the points it predicts). */
function statsFor(points: readonly ValidationPoint[], set: string): ValidationStats {
  const predicted = points.filter((p) => p.predicted[set] !== null && p.predicted[set] !== undefined);
  const n = predicted.length;
  if (n === 0) return { n, r2: null, rmse: null, mape: null, median_ape: null, worst: null };
  const mean = predicted.reduce((s, p) => s + p.measured, 0) / n;
  let sse = 0;
  let sst = 0;
  const apes: number[] = [];
  let worst = predicted[0]!;
  let worstError = 0;
  for (const p of predicted) {
    const error = (p.predicted[set] as number) - p.measured;
    sse += error * error;
    sst += (p.measured - mean) ** 2;
    apes.push(Math.abs(error / p.measured));
    if (Math.abs(error / p.measured) >= Math.abs(worstError / worst.measured)) {
      worst = p;
      worstError = error;
    }
  }
  return {
    n,
    r2: sst > 0 ? 1 - sse / sst : null,
    rmse: Math.sqrt(sse / n),
    mape: apes.reduce((a, b) => a + b, 0) / n,
    median_ape: median(apes),
    worst: { label: worst.label, measured: worst.measured, predicted: worst.predicted[set] as number, error: worstError },
  };
}

/** One predictive model's validation: its points and each set's accuracy; `group` says which backend and platform it covers. */
function model(
  name: ModelValidation["name"],
  quantity: string,
  unit: string,
  points: ValidationPoint[],
  sets: readonly CoefficientSet[],
  group: Pick<ModelValidation, "backend" | "platform"> = {},
): ModelValidation {
  return { name, quantity, unit, ...group, points, stats: Object.fromEntries(sets.map((s) => [s.name, statsFor(points, s.name)])) };
}

/** Checks that a measurement names a model and quant the first (default) set knows. */
function requireKnown(c: Catalog, file: string, path: string, model: string, quant: string, extra: readonly ModelSpec[] = []): void {
  if (!named(c.models, model) && !named(extra, model)) {
    throw new UnknownReferenceError(file, `${path}.model`, `"${model}" is not a model of models.json${extra.length ? " or data/measurements/configs/" : ""}`);
  }
  if (!named(c.quants, quant)) throw new UnknownReferenceError(file, `${path}.quant`, `"${quant}" is not a quant of quants.json`);
}

/**
 * Predicts every measurement with each coefficient set: VRAM by context (TR127), total throughput and
 * per-request efficiency of concurrent requests on one GPU (TR129/TR130), the service time of one request
 * alone (SS9.2), and single-request decode speed by backend and platform (the TR corpus and the public
 * llama.cpp and vLLM rows). Throws UnknownReferenceError for a measurement naming a model or quant the
 * default set does not know.
 */
export function validate(sets: readonly CoefficientSet[], m: Measurements): ValidationReport {
  const main = sets[0]!.catalog;
  const per = (f: (c: Catalog) => number | null) => Object.fromEntries(sets.map((s) => [s.name, f(s.catalog)]));
  m.vram.points.forEach((p, i) => requireKnown(main, "data/measurements/vram.json", `points.${i}`, p.model, p.quant));
  m.multiAgent.points.forEach((p, i) => requireKnown(main, "data/measurements/multi-agent.json", `points.${i}`, p.model, p.quant));
  m.serviceTimes.points.forEach((p, i) => requireKnown(main, "data/measurements/service-times.json", `points.${i}`, p.model, p.quant));
  m.decode.points.forEach((p, i) => requireKnown(main, "data/measurements/decode.json", `points.${i}`, p.model, p.quant, m.measuredModels));
  m.efficiencyMeans.points.forEach((p, i) =>
    p.models.forEach((name, j) => requireKnown(main, "data/measurements/efficiency-means.json", `points.${i}.models.${j}`, name, p.quant)),
  );

  const vram = m.vram.points.map((p) => ({
    label: `${p.model} ${p.quant}, ${p.context_length} tokens`,
    source: p.source,
    measured: p.vram_gb,
    in_sample: p.used_in_fit,
    predicted: per((c) => {
      const t = trConfig(c, p.model, p.quant);
      return t ? c.engine.configure(t.spec, t.q, c.backends[0]!, measurementRequest(t.gpu, p.context_length, 1)).vram.totalGb : null;
    }),
  }));
  const label = (p: MultiAgentMeasurements["points"][number]) => `${p.model} ${p.quant} ${p.backend}, ${p.concurrency} concurrent`;
  const totals = m.multiAgent.points
    .filter((p) => p.total_tps !== undefined)
    .map((p) => ({
      label: label(p),
      source: p.source,
      measured: p.total_tps ?? Number.NaN,
      in_sample: p.used_in_fit,
      predicted: per((c) => {
        const tps = soloTps(c, p.model, p.quant, p.backend);
        const eta = efficiency(c, p.model, p.quant, p.backend, p.concurrency);
        return tps === null || eta === null ? null : p.concurrency * tps * eta;
      }),
    }));
  const efficiencies = m.multiAgent.points.map((p) => ({
    label: `${label(p)} (${p.total_tps !== undefined ? `from ${p.total_tps} tok/s` : "as published"})`,
    source: p.source,
    measured: p.efficiency ?? (p.total_tps ?? Number.NaN) / (p.concurrency * (soloTps(main, p.model, p.quant, p.backend) ?? Number.NaN)),
    in_sample: p.used_in_fit,
    predicted: per((c) => efficiency(c, p.model, p.quant, p.backend, p.concurrency)),
  }));
  const means = m.efficiencyMeans.points.map((p) => {
    const weights = Object.entries(p.backend_weights);
    const total = weights.reduce((s, [, w]) => s + w, 0);
    const mean = (c: Catalog): number | null => {
      let sum = 0;
      for (const [backend, w] of weights) {
        const perModel = p.models.map((name) => efficiency(c, name, p.quant, backend, p.concurrency));
        if (perModel.some((e) => e === null)) return null;
        sum += (w / total) * ((perModel as number[]).reduce((a, b) => a + b, 0) / perModel.length);
      }
      return sum;
    };
    return {
      label: `${weights.map(([b]) => b).join("+")} mean of ${p.models.length} models, ${p.concurrency} concurrent`,
      source: p.source,
      measured: p.efficiency,
      in_sample: p.used_in_fit,
      predicted: per(mean),
    };
  });
  const tokens = m.serviceTimes.output_tokens;
  const service = m.serviceTimes.points.map((p) => ({
    label: `${p.model} ${p.quant} ${p.backend}, ${tokens} tokens`,
    source: p.source,
    measured: p.service_time_ms,
    in_sample: p.used_in_fit,
    predicted: per((c) => {
      const tps = soloTps(c, p.model, p.quant, p.backend, tokens);
      return tps === null ? null : (tokens / tps) * 1000;
    }),
  }));
  return {
    coefficients: Object.fromEntries(sets.map((s) => [s.name, s.file])),
    models: [
      model("vram", "peak VRAM of one sequence", "GB", vram, sets),
      model("multi_agent_throughput", "total decode throughput on one GPU", "tok/s", totals, sets),
      model("per_request_efficiency", "per-request efficiency against one request alone", "ratio", efficiencies, sets),
      model("mean_efficiency", "per-request efficiency, published as a mean over models and backends", "ratio", means, sets),
      model("service_time", "one request's generation time, alone", "ms", service, sets),
      ...decodeGroups(m, sets),
      ...prefillGroups(m, sets),
      throughputAtLoad(m, sets),
      ...servingGroups(m, sets),
    ],
  };
}

/** The measurement rows a set's world resolves. */
function worldOf(c: Catalog, m: Measurements): RowWorld {
  return { models: c.models, measuredModels: m.measuredModels, quants: c.quants, backends: c.backends, gpus: c.gpus, backendFacts: c.backendFacts };
}

/** Single-request decode speed, one validation per (backend, platform), and one over several GPUs. */
function decodeGroups(m: Measurements, sets: readonly CoefficientSet[]): ModelValidation[] {
  const physics = sets.filter((s) => s.catalog.fitted.step_v1 !== undefined);
  const rows = physics.length > 0 ? decodeRows(m.decode, worldOf(physics[0]!.catalog, m)) : [];
  const groups = new Map<string, ValidationPoint[]>();
  const of = new Map<string, { backend: string; platform: string }>();
  m.decode.points.forEach((p, i) => {
    const key = p.n_gpus > 1 ? "multi" : `${p.backend} on ${p.platform}`;
    if (p.n_gpus === 1) of.set(key, { backend: p.backend, platform: p.platform });
    const row = rows.find((r) => r.source === `data/measurements/decode.json points.${i}`);
    const point: ValidationPoint = {
      label: `${p.model} ${p.quant} on ${p.n_gpus > 1 ? `${p.n_gpus}× ` : ""}${p.gpu}${p.n_gpus > 1 ? ` (${p.split ?? "layer"} split)` : ""}, ${p.prompt_tokens}+${p.output_tokens} tokens`,
      source: p.source,
      measured: p.tokens_per_second,
      in_sample: p.used_in_fit && p.n_gpus === 1,
      predicted: Object.fromEntries(
        sets.map((s) => {
          const section = s.catalog.fitted.step_v1;
          if (section) return [s.name, row ? predictDecode(row, section, calibratorFor(s.catalog)) : null];
          return [s.name, p.n_gpus > 1 ? null : referenceDecodeSpeed(s.catalog, p, named(s.catalog.models, p.model) ?? named(m.measuredModels, p.model))];
        }),
      ),
    };
    groups.set(key, [...(groups.get(key) ?? []), point]);
  });
  return [...groups].map(([key, points]) =>
    key === "multi"
      ? model("multi_gpu_decode_speed", "single-request decode speed over several GPUs", "tok/s", points, sets)
      : model("decode_speed", `single-request decode speed, ${key}`, "tok/s", points, sets, of.get(key)!),
  );
}

/**
 * Prompt measurements, one validation per backend: prefill time (a prompt-processing speed or a time to
 * first token, in milliseconds), or a whole generation's output speed, as the physics predicts them.
 */
function prefillGroups(m: Measurements, sets: readonly CoefficientSet[]): ModelValidation[] {
  const physics = sets.filter((s) => s.catalog.fitted.step_v1 !== undefined);
  const rows = physics.length > 0 ? prefillRows(m.prefill, worldOf(physics[0]!.catalog, m)) : [];
  const groups = new Map<string, ValidationPoint[]>();
  const backends = new Map<string, string>();
  m.prefill.points.forEach((p, i) => {
    const row = rows.find((r) => r.source === `data/measurements/prefill.json points.${i}`);
    if (!row) return;
    const generation = p.metric === "generation_tps";
    const key = generation ? `${p.backend}, whole generations` : `${p.backend}`;
    backends.set(key, p.backend);
    const what = p.metric === "ttft_ms" ? "time to first token" : p.metric === "prefill_tps" ? "prompt processing" : `${p.output_tokens} tokens after`;
    const asMeasured = (seconds: number) => (generation ? row.outputTokens / seconds : seconds * 1000);
    const point: ValidationPoint = {
      label: `${p.model} ${p.quant} on ${p.gpu}, ${what} ${p.prompt_tokens} prompt tokens`,
      source: p.source,
      measured: asMeasured(row.seconds),
      in_sample: p.used_in_fit,
      predicted: Object.fromEntries(
        sets.map((s) => {
          const section = s.catalog.fitted.step_v1;
          return [s.name, section ? asMeasured(predictPrefill(row, section, calibratorFor(s.catalog))) : null];
        }),
      ),
    };
    groups.set(key, [...(groups.get(key) ?? []), point]);
  });
  return [...groups].map(([key, points]) =>
    key.endsWith("generations")
      ? model("prefill", `output speed of one request, prompt included, ${key}`, "tok/s", points, sets, { backend: backends.get(key)! })
      : model("prefill", `prefill time of one request, ${key}`, "ms", points, sets, { backend: backends.get(key)! }),
  );
}

/** How a serving figure is named, and its unit. */
const LOAD_METRICS: Readonly<Record<LoadMetric, { quantity: string; unit: string }>> = {
  output_tps: { quantity: "output throughput of a deployment under load", unit: "tok/s" },
  ttft_ms_p50: { quantity: "median time to first token under load", unit: "ms" },
  tpot_ms_p50: { quantity: "median time per output token under load", unit: "ms" },
  itl_ms_p50: { quantity: "median inter-token latency under load", unit: "ms" },
};

/**
 * Published serving runs (data/measurements/serving.json), one validation per figure: the rows fitted
 * on (in-sample) and the held-out rows the fit never saw; the rows kept from the fit apart, saying why.
 */
function servingGroups(m: Measurements, sets: readonly CoefficientSet[]): ModelValidation[] {
  const physics = sets.filter((s) => s.catalog.fitted.step_v1 !== undefined);
  if (physics.length === 0) return [];
  const rows = loadRows(m.serving, worldOf(physics[0]!.catalog, m));
  const groups = new Map<string, ValidationPoint[]>();
  for (const row of rows) {
    // Fitted and held-out rows share a group (in_sample tells them apart); rows kept from the fit have their own.
    const key = row.excluded !== undefined ? "output_tps|kept from the fit" : `${row.metric}|`;
    const point: ValidationPoint = {
      label: row.excluded !== undefined ? `${row.label} (kept from the fit: ${row.excluded})` : row.label,
      source: row.source,
      measured: row.measured,
      in_sample: row.split === "fit" && row.excluded === undefined,
      predicted: Object.fromEntries(
        sets.map((s) => {
          const section = s.catalog.fitted.step_v1;
          const vram = s.catalog.fitted.vram_v2;
          return [s.name, section && vram ? predictLoad(row, loadReplica(row, section, vram, calibratorFor(s.catalog))) : null];
        }),
      ),
    };
    groups.set(key, [...(groups.get(key) ?? []), point]);
  }
  return [...groups].map(([key, points]) => {
    const [metric, split] = key.split("|") as [LoadMetric, string];
    const { quantity, unit } = LOAD_METRICS[metric];
    return model("serving", split ? `${quantity}, ${split}` : quantity, unit, points, sets);
  });
}

/** A deployment's output throughput at the most load its engine admits, as the physics predicts it. */
function throughputAtLoad(m: Measurements, sets: readonly CoefficientSet[]): ModelValidation {
  const points = m.throughput.points.map((p) => ({
    label: `${p.model} ${p.quant} ${p.backend} on ${p.n_gpus > 1 ? `${p.n_gpus}× ` : ""}${p.gpu}, ${p.prompt_tokens} in, ${p.output_tokens} out`,
    source: p.source,
    measured: p.total_tps,
    in_sample: false,
    predicted: Object.fromEntries(
      sets.map((s) => {
        const c = s.catalog;
        const spec = named(c.models, p.model) ?? named(m.measuredModels, p.model);
        const quant = named(c.quants, p.quant);
        const backend = named(c.backends, p.backend);
        if (!spec || !quant || !backend) return [s.name, null];
        return [s.name, mostThroughput(c.engine, p, spec, quant, backend)];
      }),
    ),
  }));
  return model("throughput_at_load", "output throughput of a deployment at the most load it admits", "tok/s", points, sets);
}
