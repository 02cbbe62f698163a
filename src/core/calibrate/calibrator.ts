import type { CalibrationFactor, CalibrationFile } from "./calibration-file.js";
import type { ConfigPredictions } from "../engines/engine.js";
import type { ConcurrencyModel } from "../laws/batching.js";
import type { ThroughputPrediction } from "../laws/reference-throughput.js";
import type { CalibrationMetric } from "./metrics.js";

/** A factor a prediction was multiplied by, as its provenance carries it. */
export interface AppliedFactor {
  factor: number;
  /** Decode: the KV cache's own factor, where fitted. */
  kv_factor?: number;
  /** Decode with a KV factor: what this configuration's speed was multiplied by, both parts together. */
  effective?: number;
  /** The model the factor is for, or null: every model on this GPU and backend. */
  model: string | null;
  rows: number;
  /** Load: the concurrency per replica from which the whole factor applies. */
  from_concurrency?: number;
  held_out: CalibrationFactor["held_out"];
}

/** The factors one configuration's predictions were multiplied by. */
export type AppliedCalibration = Partial<Record<CalibrationMetric, AppliedFactor>>;

/** The factors of a calibration file for one configuration: the most specific of each metric. */
export interface Calibrator {
  /** The factor of `metric` for a model on a GPU and backend: its own, else the GPU and backend's; undefined when none. */
  factor(gpu: string, backend: string, model: string, metric: CalibrationMetric): CalibrationFactor | undefined;
  /** A configuration's predictions with every matching factor applied (the same object when none matches). */
  apply(config: ConfigPredictions, gpu: string): ConfigPredictions;
}

/** A factor as a provenance note. */
function noteOf(f: CalibrationFactor): AppliedFactor {
  return {
    factor: f.factor,
    ...(f.kv_factor !== undefined ? { kv_factor: f.kv_factor } : {}),
    model: f.model ?? null,
    rows: f.rows,
    ...(f.from_concurrency !== undefined ? { from_concurrency: f.from_concurrency } : {}),
    held_out: f.held_out,
  };
}

/**
 * The load factor at `c` requests per replica: none for one request, the whole factor from the
 * concurrency it was measured at, and in between in proportion (one request alone is the decode factor's).
 */
function loadRamp(factor: number, from: number, c: number): number {
  if (c <= 1) return 1;
  if (c >= from || from <= 1) return factor;
  return 1 + ((factor - 1) * (c - 1)) / (from - 1);
}

/** A concurrency law whose efficiency is multiplied by a load factor, ramping in from one request to `from`. */
export function rampedConcurrency(base: ConcurrencyModel, factor: number, from: number): ConcurrencyModel {
  return { ...base, eta: (c) => base.eta(c) * loadRamp(factor, from, c), key: `${base.key}|calibrated ${factor} from ${from}` };
}

/**
 * Multiplies a configuration's predictions by a calibration's factors: one request's decode speed (its
 * step's weight reading and fixed cost by `factor`, its KV cache reading by `kv_factor` where fitted),
 * the prompt's prefill speed (its time divided), and the throughput under load (each request's efficiency
 * at concurrency, ramping from one request). Each figure touched carries the factor in `config.calibration`.
 */
function applyFactors(config: ConfigPredictions, found: Partial<Record<CalibrationMetric, CalibrationFactor>>): ConfigPredictions {
  const { decode, prefill, load } = found;
  if (!decode && !prefill && !load) return config;
  const calibration: AppliedCalibration = {};
  let { throughput, prefill: prefillPrediction, concurrency } = config;
  if (decode) {
    const f = decode.factor;
    const kv = decode.kv_factor ?? f;
    const step = throughput.step && { fixedS: throughput.step.fixedS / f, weightsS: throughput.step.weightsS / f, kvS: throughput.step.kvS / kv };
    const tokensPerSecond = step ? 1 / (step.fixedS + step.weightsS + step.kvS) : throughput.tokensPerSecond * f;
    calibration.decode = { ...noteOf(decode), ...(decode.kv_factor !== undefined ? { effective: tokensPerSecond / throughput.tokensPerSecond } : {}) };
    throughput = { ...throughput, tokensPerSecond, step };
  }
  if (prefill) {
    const f = prefill.factor;
    prefillPrediction = { ...prefillPrediction, seconds: prefillPrediction.seconds / f, computeSeconds: prefillPrediction.computeSeconds / f };
    calibration.prefill = noteOf(prefill);
  }
  if (load) {
    concurrency = rampedConcurrency(concurrency, load.factor, load.from_concurrency ?? 1);
    calibration.load = noteOf(load);
  }
  return { ...config, throughput, prefill: prefillPrediction, concurrency, calibration };
}

const calibrators = new WeakMap<CalibrationFile, Calibrator>();

/** Where a figure was predicted: the GPU, backend and model a factor must match. */
export interface CalibrationTarget {
  gpu: string;
  backend: string;
  model: string;
}

/**
 * One request's decode speed from the physics' prediction, with the calibration's decode factor for the
 * target (unchanged without one): what `configure` gives, for callers that predict without it (validate).
 */
export function calibratedSpeed(file: CalibrationFile | undefined, at: CalibrationTarget, t: Pick<ThroughputPrediction, "tokensPerSecond" | "step">): number {
  const f = file && calibratorOf(file).factor(at.gpu, at.backend, at.model, "decode");
  if (!f) return t.tokensPerSecond;
  if (!t.step) return t.tokensPerSecond * f.factor;
  return 1 / ((t.step.fixedS + t.step.weightsS) / f.factor + t.step.kvS / (f.kv_factor ?? f.factor));
}

/** A prompt's prefill seconds with the calibration's prefill factor for the target (unchanged without one). */
export function calibratedPrefillS(file: CalibrationFile | undefined, at: CalibrationTarget, seconds: number): number {
  const f = file && calibratorOf(file).factor(at.gpu, at.backend, at.model, "prefill");
  return f ? seconds / f.factor : seconds;
}

/** The calibrator of a calibration file, its factors indexed once. */
export function calibratorOf(file: CalibrationFile): Calibrator {
  const known = calibrators.get(file);
  if (known) return known;
  const byKey = new Map<string, CalibrationFactor>();
  for (const f of file.factors) byKey.set(`${f.gpu}|${f.backend}|${f.model ?? ""}|${f.metric}`, f);
  const factor = (gpu: string, backend: string, model: string, metric: CalibrationMetric) =>
    byKey.get(`${gpu}|${backend}|${model}|${metric}`) ?? byKey.get(`${gpu}|${backend}||${metric}`);
  const calibrator: Calibrator = {
    factor,
    apply(config, gpu) {
      const match = (metric: CalibrationMetric) => factor(gpu, config.backend, config.model.name, metric);
      return applyFactors(config, { decode: match("decode"), prefill: match("prefill"), load: match("load") });
    },
  };
  calibrators.set(file, calibrator);
  return calibrator;
}
