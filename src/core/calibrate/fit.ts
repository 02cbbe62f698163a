import type { CalibrationFactor, CalibrationFile } from "./calibration-file.js";
import type { Catalog } from "../catalog/types.js";
import { calibratorOf } from "./calibrator.js";
import type { CalibrationTool, Measurement, ParsedOutput, SkipReason } from "./measurement.js";
import type { CalibrationMetric } from "./metrics.js";
import { predictRow } from "./predict-row.js";
import { resolveRow, type QuantSource, type ResolvedRow, type RowDefaults, type UnmappedReason } from "./resolve-rows.js";

/** One benchmark file, read and parsed, under the name to cite it by. */
export interface CalibrationInput {
  file: string;
  output: ParsedOutput;
}

/** One row of the fit: what was measured, what the physics predicts, and with the calibration. */
export interface CalibrationRow {
  file: string;
  record: number;
  tool: CalibrationTool;
  metric: CalibrationMetric;
  model: string;
  quant: string;
  quant_source: QuantSource;
  backend: string;
  gpu: string;
  gpus_per_replica: number;
  replicas: number;
  /** The test: prompt and output tokens per request, and (llama-bench) the context already in the cache. */
  prompt_tokens: number;
  output_tokens: number;
  depth_tokens: number;
  /** Load: requests in flight per replica. */
  concurrency?: number;
  /** Whether the row's factor was fitted on it (every decode and load row; see `not_fitted` for prefill). */
  in_fit: boolean;
  /**
   * Why a prefill row was only compared: the factor corrects the prompt's arithmetic, so it is fitted on
   * prompts from an empty cache (what a plan's prompt is) of 128 tokens or more that are compute-bound;
   * not on a prompt after a deep context, one of a few dozen tokens, or one a pass over the weights sets.
   */
  not_fitted?: "deep_context" | "memory_bound" | "short_prompt";
  /** Tokens per second (load: output tokens per second of one replica). */
  measured: number;
  predicted: number;
  calibrated: number;
}

/** Measurements of one file left out of the fit for one reason (and the name the file gave, if it is about one). */
export interface UnmappedEntry {
  file: string;
  tool: CalibrationTool;
  reason: UnmappedReason;
  name?: string;
  rows: number;
  /** Where in the file: lines, rows or records. */
  records: number[];
}

/** What `calibrate` found: the calibration file, every row with its predictions, and what it could not use. */
export interface CalibrationReport {
  calibration: CalibrationFile;
  rows: CalibrationRow[];
  unmapped: UnmappedEntry[];
  skipped: { file: string; record: number; reason: SkipReason }[];
  /** Factors fitted but not written: on their own rows they did not lower the error (the physics' shape, not its scale, is off there). */
  declined: CalibrationFactor[];
}

/**
 * Prompts shorter than this are compared, not fitted: engines run a few dozen tokens through small-batch
 * kernels whose speed the step's arithmetic does not describe (a Mac mini's 18 to 34-token Ollama prompts
 * ran 1.3 to 4 times slower than the physics), and a factor fitted there would misprice every longer prompt.
 */
const MIN_FITTED_PROMPT_TOKENS = 128;

/** Rows of one model a per-model factor needs. */
const MIN_MODEL_ROWS = 2;

/**
 * How much the KV cache's share of a decode step must vary across rows (from the shortest context to
 * the longest) before its own factor is fitted: below it, the two parts cannot be told apart.
 */
const MIN_KV_SHARE_SPREAD = 0.1;

/** A resolved row with the physics' prediction and the metric it measures. */
interface FitRow {
  row: ResolvedRow;
  metric: CalibrationMetric;
  model: string;
  file: string;
  measured: number;
  /** The physics alone. */
  baseline: number;
  /** What the factor corrects: the physics, with (for load) the decode and prefill factors applied. */
  predicted: number;
  concurrency: number;
  /** Decode: the predicted step's parts, seconds per token. */
  step?: { weightsS: number; kvS: number } | undefined;
  /** Prefill: what sets the predicted time. */
  bound?: "compute" | "memory" | "none" | undefined;
  /** The row's prediction with a correction applied (load: through the engine, as a plan applies it). */
  correct(c: Correction): number;
}

/** A fitted correction: a speed factor, and for decode the KV cache's own. */
interface Correction {
  factor: number;
  kvFactor?: number | undefined;
}

/** The range a factor may take (the calibration file's bounds): beyond it a prediction is not corrected but wrong. */
const MIN_FACTOR = 0.001;
const MAX_FACTOR = 1000;

/** The factor that minimises the squared log errors of `rows`: the geometric mean of measured over predicted, within the bounds. */
function geometricFactor(rows: readonly FitRow[]): number {
  const factor = Math.exp(rows.reduce((s, r) => s + Math.log(r.measured / r.predicted), 0) / rows.length);
  return Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
}

/**
 * Decode: the weights' and the KV cache's factors that best fit each token's measured time as a sum of
 * the two predicted parts (least squares on relative errors), when the rows' KV shares differ enough to
 * tell them apart and both come out positive; else one factor for the whole step.
 */
function decodeCorrection(rows: readonly FitRow[]): Correction {
  const single = { factor: geometricFactor(rows) };
  const steps = rows.map((r) => r.step);
  if (steps.some((p) => p === undefined)) return single;
  const shares = steps.map((p) => p!.kvS / (p!.kvS + p!.weightsS));
  if (Math.max(...shares) - Math.min(...shares) < MIN_KV_SHARE_SPREAD) return single;
  // The measured time per token T ≈ x·weights + y·kv; minimise Σ ((x·w + y·k) / T − 1)².
  let uu = 0, uv = 0, vv = 0, u1 = 0, v1 = 0;
  rows.forEach((r, i) => {
    const u = steps[i]!.weightsS * r.measured;
    const v = steps[i]!.kvS * r.measured;
    uu += u * u;
    uv += u * v;
    vv += v * v;
    u1 += u;
    v1 += v;
  });
  const det = uu * vv - uv * uv;
  const x = (u1 * vv - v1 * uv) / det;
  const y = (v1 * uu - u1 * uv) / det;
  const plausible = (f: number) => f >= MIN_FACTOR && f <= MAX_FACTOR;
  return det > 0 && x > 0 && y > 0 && plausible(1 / x) && plausible(1 / y) ? { factor: 1 / x, kvFactor: 1 / y } : single;
}


/**
 * Load: the factor whose corrected predictions err as much above the measurements as below (in log
 * terms), by bisection: the factor prices the host time each further sequence adds to a step, and a
 * replica's throughput also spends time on prompts and weights, so it is not proportional to the factor.
 * When the factor moves no prediction (a step with no per-sequence time), there is nothing to correct: 1.
 */
function loadCorrection(rows: readonly FitRow[]): Correction {
  const balance = (logFactor: number) => rows.reduce((s, r) => s + Math.log(r.correct({ factor: Math.exp(logFactor) }) / r.measured), 0);
  let low = Math.log(MIN_FACTOR);
  let high = Math.log(MAX_FACTOR);
  if (Math.abs(balance(high) - balance(low)) < 1e-9) return { factor: 1 };
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    if (balance(mid) < 0) low = mid;
    else high = mid;
  }
  return { factor: Math.exp((low + high) / 2) };
}

/** The correction of one metric fitted on `rows`. */
function correctionOf(rows: readonly FitRow[]): Correction {
  const metric = rows[0]!.metric;
  if (metric === "decode") return decodeCorrection(rows);
  if (metric === "load") return loadCorrection(rows);
  return { factor: geometricFactor(rows) };
}

/** The mean absolute relative error of predictions against measurements. */
function mape(pairs: readonly (readonly [number, number])[]): number {
  return pairs.reduce((s, [predicted, measured]) => s + Math.abs(predicted - measured) / measured, 0) / pairs.length;
}

/**
 * The error on held-out rows: with rows of two or more models, each model's rows predicted by a factor
 * fitted on the others' (leave one model out); else each row by the others' (leave one row out); null
 * with a single row.
 */
function heldOut(rows: readonly FitRow[], byModel: boolean): CalibrationFactor["held_out"] {
  const models = [...new Set(rows.map((r) => r.model))];
  const method = byModel && models.length >= 2 ? "leave_one_model_out" : "leave_one_row_out";
  if (method === "leave_one_row_out" && rows.length < 2) return null;
  const folds = method === "leave_one_model_out" ? models.map((m) => rows.filter((r) => r.model === m)) : rows.map((r) => [r]);
  const before: [number, number][] = [];
  const after: [number, number][] = [];
  for (const fold of folds) {
    const correction = correctionOf(rows.filter((r) => !fold.includes(r)));
    for (const r of fold) {
      before.push([r.baseline, r.measured]);
      after.push([r.correct(correction), r.measured]);
    }
  }
  return { method, rows: before.length, mape_before: mape(before), mape_after: mape(after) };
}

/** A factor fitted on `rows`, for their GPU and backend, and for one model when `model` is given. */
function factorOf(rows: readonly FitRow[], model: string | undefined): CalibrationFactor {
  const first = rows[0]!;
  const correction = correctionOf(rows);
  return {
    gpu: first.row.gpu.name,
    backend: first.row.backend.name,
    ...(model !== undefined ? { model } : {}),
    metric: first.metric,
    factor: correction.factor,
    ...(correction.kvFactor !== undefined ? { kv_factor: correction.kvFactor } : {}),
    rows: rows.length,
    models: [...new Set(rows.map((r) => r.model))],
    files: [...new Set(rows.map((r) => r.file))],
    fit: {
      rows: rows.length,
      mape_before: mape(rows.map((r) => [r.baseline, r.measured])),
      mape_after: mape(rows.map((r) => [r.correct(correction), r.measured])),
    },
    held_out: heldOut(rows, model === undefined),
  };
}

/** Rows grouped by a key, in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

/**
 * The factors of one metric: per GPU and backend over every model, and per model where it has enough
 * rows and the GPU and backend saw more than one model (with one, the two factors are the same).
 */
function factorsOf(rows: readonly FitRow[], declined: CalibrationFactor[]): CalibrationFactor[] {
  const factors: CalibrationFactor[] = [];
  // A factor that does not lower its own rows' error is not a correction: it is said, not written.
  const keep = (f: CalibrationFactor) => (f.fit.mape_after < f.fit.mape_before ? factors : declined).push(f);
  for (const group of groupBy(rows, (r) => `${r.row.gpu.name}|${r.row.backend.name}`)) {
    keep(factorOf(group, undefined));
    const models = groupBy(group, (r) => r.model);
    if (models.length < 2) continue;
    for (const own of models) if (own.length >= MIN_MODEL_ROWS) keep(factorOf(own, own[0]!.model));
  }
  return factors;
}

/** A calibration file of `factors`, citing `inputs`. */
function fileOf(inputs: readonly CalibrationInput[], factors: CalibrationFactor[], used: ReadonlySet<string>): CalibrationFile {
  return {
    format: "chimeraforge-calibration",
    version: 1,
    sources: inputs.map((input) => ({
      file: input.file,
      tool: input.output.tool,
      format: input.output.format,
      measurements: input.output.measurements.length,
      used: input.output.measurements.filter((m) => used.has(`${input.file}#${m.record}#${m.metric.kind}`)).length,
    })),
    factors,
  };
}

/** Why a prefill row is compared and not fitted: a prompt after a deep context, or one the physics says is not compute-bound. */
function notFitted(r: FitRow): CalibrationRow["not_fitted"] {
  const m = r.row.measurement.metric;
  if (m.kind === "prefill" && m.depthTokens > 0) return "deep_context";
  if (m.kind === "prefill" && m.promptTokens < MIN_FITTED_PROMPT_TOKENS) return "short_prompt";
  return r.bound === "compute" ? undefined : "memory_bound";
}

/** The test a row ran, in tokens. */
function tokensOf(row: ResolvedRow): Pick<CalibrationRow, "prompt_tokens" | "output_tokens" | "depth_tokens"> {
  const m = row.measurement.metric;
  if (m.kind === "decode") return { prompt_tokens: 0, output_tokens: m.outputTokens, depth_tokens: m.depthTokens };
  if (m.kind === "prefill") return { prompt_tokens: m.promptTokens, output_tokens: 0, depth_tokens: m.depthTokens };
  return { prompt_tokens: m.promptTokens, output_tokens: m.outputTokens, depth_tokens: 0 };
}

/**
 * Fits a calibration on benchmark output: each measurement mapped onto the registry (`defaults` fill in
 * what a file does not name) and predicted by the physics; per GPU and backend (and per model with enough
 * rows), the factor by which the measurements exceed the predictions, for one request's decode speed,
 * the prompt's prefill speed, and (fitted after those two are applied) the throughput under load. Each
 * factor carries its rows, files, its error in the fit and on held-out rows.
 */
export function fitCalibration(catalog: Catalog, inputs: readonly CalibrationInput[], defaults: RowDefaults): CalibrationReport {
  const unmapped = new Map<string, UnmappedEntry>();
  const leaveOut = (file: number, m: Measurement, reason: UnmappedReason, name?: string) => {
    const key = `${file}|${reason}|${name ?? ""}`;
    const entry = unmapped.get(key);
    if (entry) {
      entry.rows++;
      entry.records.push(m.record);
    } else unmapped.set(key, { file: inputs[file]!.file, tool: m.tool, reason, ...(name !== undefined ? { name } : {}), rows: 1, records: [m.record] });
  };
  const skipped: CalibrationReport["skipped"] = [];
  const resolved: ResolvedRow[] = [];
  inputs.forEach((input, index) => {
    for (const s of input.output.skipped) skipped.push({ file: input.file, ...s });
    for (const m of input.output.measurements) {
      const row = resolveRow(catalog, index, m, defaults);
      if ("reason" in row) leaveOut(index, m, row.reason, row.name);
      else resolved.push(row);
    }
  });
  const predictAll = (rows: readonly ResolvedRow[], solo?: readonly CalibrationFactor[]): FitRow[] => {
    const out: FitRow[] = [];
    const calibrator = solo && calibratorOf(fileOf(inputs, [...solo], new Set()));
    for (const row of rows) {
      const p = predictRow(catalog, row, calibrator);
      if (typeof p === "string") {
        leaveOut(row.file, row.measurement, p);
        continue;
      }
      const metric = row.measurement.metric.kind;
      const step = p.step;
      const correct = (c: Correction): number => {
        if (metric === "decode" && step) return 1 / (step.weightsS / c.factor + step.kvS / (c.kvFactor ?? c.factor));
        return p.withLoad ? p.withLoad(c.factor) : p.predicted * c.factor;
      };
      out.push({
        row,
        metric,
        model: row.model.name,
        file: inputs[row.file]!.file,
        measured: p.measured,
        baseline: calibrator ? (predictRow(catalog, row) as { predicted: number }).predicted : p.predicted,
        predicted: p.predicted,
        concurrency: p.concurrency ?? 1,
        step,
        bound: p.bound,
        correct,
      });
    }
    return out;
  };
  // Decode and prefill first; the load factor corrects what remains once they are applied.
  const solo = predictAll(resolved.filter((r) => r.measurement.metric.kind !== "load"));
  const prefillFitted = solo.filter((r) => r.metric === "prefill" && notFitted(r) === undefined);
  const decodeFitted = solo.filter((r) => r.metric === "decode");
  const declined: CalibrationFactor[] = [];
  const soloFactors = [...factorsOf(decodeFitted, declined), ...factorsOf(prefillFitted, declined)];
  const load = predictAll(
    resolved.filter((r) => r.measurement.metric.kind === "load"),
    soloFactors,
  );
  const inFit = new Set([...decodeFitted, ...prefillFitted, ...load]);
  const calibration = fileOf(inputs, [...soloFactors, ...factorsOf(load, declined)], new Set([...inFit].map(rowKey)));
  const final = calibratorOf(calibration);
  const rows = [...solo, ...load].map((r): CalibrationRow => {
    const again = predictRow(catalog, r.row, final);
    return {
      file: r.file,
      record: r.row.measurement.record,
      tool: r.row.measurement.tool,
      metric: r.metric,
      model: r.model,
      quant: r.row.quant.name,
      quant_source: r.row.quantSource,
      backend: r.row.backend.name,
      gpu: r.row.gpu.name,
      gpus_per_replica: r.row.gpusPerReplica,
      replicas: r.row.replicas,
      ...tokensOf(r.row),
      ...(r.metric === "load" ? { concurrency: r.concurrency } : {}),
      in_fit: inFit.has(r),
      ...(r.metric === "prefill" && notFitted(r) !== undefined ? { not_fitted: notFitted(r) } : {}),
      measured: r.measured,
      predicted: r.baseline,
      calibrated: typeof again === "string" ? r.baseline : again.predicted,
    };
  });
  return { calibration, rows, unmapped: [...unmapped.values()], skipped, declined };
}

/** A fit row's identity among its file's measurements. */
function rowKey(r: FitRow): string {
  return `${r.file}#${r.row.measurement.record}#${r.metric}`;
}
