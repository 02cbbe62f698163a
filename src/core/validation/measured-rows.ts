import type { StepV1, VramV2 } from "../../schema/fitted-models.js";
import type { DecodeMeasurements, PrefillMeasurements, ServingMeasurements } from "../../schema/measurements.js";
import type { BackendFacts, BackendFactsFile, BackendSpec, Gpu, ModelSpec, Platform, QuantLevel } from "../catalog/types.js";
import { calibratedReplica, calibratedStep, hasFactors, type Calibrator, type StepFactors } from "../calibrate/calibrator.js";
import { replicaFrame, servingReplica, type ReplicaFrame, type ReplicaSubject, type ServingReplica } from "../engines/serving-replica.js";
import { customGpu } from "../hardware/gpu.js";
import { lookupGpu } from "../hardware/gpu-lookup.js";
import type { Lookup } from "../catalog/names.js";
import type { KvDtype } from "../kinds.js";
import { SINGLE, type Parallelism } from "../laws/parallel.js";
import { concurrencyLimit, replicaUnderLoad, saturation } from "../laws/replica.js";
import { closedLoop } from "../laws/closed-loop.js";
import { decodeStepS, prefillS } from "../laws/step.js";
import { stepCoefficients } from "../laws/step-coefficients.js";
import { stepCosts } from "../laws/step-costs.js";

/** The registry, the measured models' configs, the quants, backends and GPUs a measurement row is resolved against. */
export interface RowWorld {
  models: readonly ModelSpec[];
  measuredModels: readonly ModelSpec[];
  quants: readonly QuantLevel[];
  backends: readonly BackendSpec[];
  gpus: readonly Gpu[];
  /** Each backend's facts (data/engines.json), for the serving rows' replicas. */
  backendFacts: BackendFactsFile;
}

/** A row's model and quant, or an error naming the file, the row and the field. */
function modelAndQuant(file: string, index: number, row: { model: string; quant: string }, world: RowWorld): { model: ModelSpec; quant: QuantLevel } {
  const model = world.models.find((m) => m.name === row.model) ?? world.measuredModels.find((m) => m.name === row.model);
  const quant = world.quants.find((q) => q.name === row.quant);
  if (!model) throw new Error(`${file}: points.${index}.model: "${row.model}" is in neither models.json nor measurements/configs/`);
  if (!quant) throw new Error(`${file}: points.${index}.quant: "${row.quant}" is not a quant of quants.json`);
  return { model, quant };
}

function backendOf(file: string, index: number, name: string, world: RowWorld): BackendSpec {
  const backend = world.backends.find((b) => b.name === name);
  if (!backend) throw new Error(`${file}: points.${index}.backend: "${name}" is not a backend of backends.json`);
  return backend;
}

/** A measurement's GPU by the figures the row gives, under its own name. */
function figuresGpu(p: { gpu: string; platform: Platform; bandwidth_gbps: number }, compute?: Pick<Gpu, "fp16_tflops" | "fp16_acc_tflops" | "fp8">): Gpu {
  return { ...customGpu({ memoryGb: 1e6, bandwidthGbps: p.bandwidth_gbps, platform: p.platform }), name: p.gpu, ...(compute ?? {}) };
}

/** A GPU name's lookup, each name once: a measurement file names a few dozen GPUs over hundreds of rows, and a name the database lacks is ranked against every GPU. */
function gpuLookup(gpus: readonly Gpu[]): (name: string) => Lookup<Gpu> {
  const seen = new Map<string, Lookup<Gpu>>();
  return (name) => {
    let found = seen.get(name);
    if (!found) seen.set(name, (found = lookupGpu(gpus, name)));
    return found;
  };
}

/** Where a row is: its file and index (which name its publication). */
const where = (file: string, index: number) => `${file} points.${index}`;

/** One request decoding alone, on one GPU or a replica of several. */
export interface DecodeRow {
  model: ModelSpec;
  quant: QuantLevel;
  backend: BackendSpec;
  gpu: Gpu;
  parallelism: Parallelism;
  promptTokens: number;
  outputTokens: number;
  tokensPerSecond: number;
  usedInFit: boolean;
  source: string;
}

/** The decode measurements, resolved; a replica's link is the row's, of the kind the database gives its GPU (PCIe when it has none). */
export function decodeRows(file: DecodeMeasurements, world: RowWorld): DecodeRow[] {
  const name = "data/measurements/decode.json";
  const lookup = gpuLookup(world.gpus);
  return file.points.map((p, i) => {
    const { model, quant } = modelAndQuant(name, i, p, world);
    const known = lookup(p.gpu);
    const kind = known.kind === "found" ? (known.item.interconnect?.kind ?? "pcie4") : "pcie4";
    const parallelism: Parallelism = p.n_gpus > 1 ? { gpusPerReplica: p.n_gpus, split: p.split ?? "layer" } : SINGLE;
    return {
      model,
      quant,
      backend: backendOf(name, i, p.backend, world),
      gpu: { ...figuresGpu(p), interconnect: { kind, gbps: p.link_gbps ?? null } },
      parallelism,
      promptTokens: p.prompt_tokens,
      outputTokens: p.output_tokens,
      tokensPerSecond: p.tokens_per_second,
      usedInFit: p.used_in_fit && p.n_gpus === 1,
      source: where(name, i),
    };
  });
}

/** The factors of a calibration for a row's GPU, backend and model (none without one). */
function factorsOf(row: { gpu: Gpu; backend: BackendSpec; model: ModelSpec }, calibrator: Calibrator | undefined): StepFactors {
  return calibrator ? calibrator.factorsAt({ gpu: row.gpu.name, backend: row.backend.name, model: row.model.name }) : {};
}

/** A decode row's speed under a step section (and a calibration's factors, if given): one sequence's step at the mean context over its response. */
export function predictDecode(row: DecodeRow, section: StepV1, calibrator?: Calibrator): number {
  const coefficients = stepCoefficients(section, { backend: row.backend.name, accumulate: row.backend.accumulate, gpu: row.gpu, quant: row.quant });
  const context = row.promptTokens + row.outputTokens / 2;
  const costs = stepCosts({ model: row.model, quant: row.quant, gpu: row.gpu, parallelism: row.parallelism, contextTokens: context }, coefficients);
  return 1 / decodeStepS(calibratedStep(costs, factorsOf(row, calibrator)), 1, context);
}

/** One prompt measured alone on one GPU. */
export interface PrefillRow {
  model: ModelSpec;
  quant: QuantLevel;
  backend: BackendSpec;
  gpu: Gpu;
  promptTokens: number;
  /** A prompt-processing speed (no fixed cost), a time to first token (with it), or a whole generation's speed. */
  metric: PrefillMeasurements["points"][number]["metric"];
  outputTokens: number;
  /** Seconds measured: the prompt's, or the whole generation's. */
  seconds: number;
  usedInFit: boolean;
  source: string;
}

/** The single-GPU prompt measurements, resolved. */
export function prefillRows(file: PrefillMeasurements, world: RowWorld): PrefillRow[] {
  const name = "data/measurements/prefill.json";
  return file.points.flatMap((p, i) => {
    if (p.n_gpus > 1) return [];
    const { model, quant } = modelAndQuant(name, i, p, world);
    const output = p.output_tokens ?? 0;
    return [
      {
        model,
        quant,
        backend: backendOf(name, i, p.backend, world),
        gpu: figuresGpu(p, { fp16_tflops: p.fp16_tflops, fp16_acc_tflops: p.fp16_acc_tflops, fp8: p.fp8 }),
        promptTokens: p.prompt_tokens,
        metric: p.metric,
        outputTokens: output,
        seconds: p.metric === "ttft_ms" ? p.value / 1000 : (p.metric === "prefill_tps" ? p.prompt_tokens : output) / p.value,
        usedInFit: p.used_in_fit,
        source: where(name, i),
      },
    ];
  });
}

/**
 * A prompt row's seconds under a step section (and a calibration's factors, if given): the prompt in one
 * pass, the fixed first-token time where the row includes it, and a generation's decode steps.
 */
export function predictPrefill(row: PrefillRow, section: StepV1, calibrator?: Calibrator): number {
  const coefficients = stepCoefficients(section, { backend: row.backend.name, accumulate: row.backend.accumulate, gpu: row.gpu, quant: row.quant });
  const context = row.promptTokens + row.outputTokens / 2;
  const factors = factorsOf(row, calibrator);
  const costs = calibratedStep(stepCosts({ model: row.model, quant: row.quant, gpu: row.gpu, parallelism: SINGLE, contextTokens: Math.max(1, context) }, coefficients), factors);
  const prompt = prefillS(costs, row.promptTokens, row.promptTokens);
  if (row.metric === "prefill_tps") return prompt;
  const first = prompt + coefficients.pair.first_token_ms / 1000 / (factors.prefill?.factor ?? 1);
  if (row.metric === "ttft_ms") return first;
  return first + row.outputTokens * decodeStepS(costs, 1, context);
}

/** What a serving measurement reports that the fit and validate hold the physics to. */
export type LoadMetric = "output_tps" | "ttft_ms_p50" | "tpot_ms_p50" | "itl_ms_p50";

/** One figure of a deployment under load. */
export interface LoadRow {
  model: ModelSpec;
  quant: QuantLevel;
  backend: BackendSpec;
  facts: BackendFacts;
  gpu: Gpu;
  parallelism: Parallelism;
  replicas: number;
  kvDtype?: KvDtype | undefined;
  promptTokens: number;
  outputTokens: number;
  load: ServingMeasurements["points"][number]["load"];
  /** Requests in an offline run, which cap how many run at once. */
  requests?: number | undefined;
  metric: LoadMetric;
  measured: number;
  /** Fit, held out, or kept from the fit (with why). */
  split: "fit" | "holdout";
  excluded?: string | undefined;
  source: string;
  label: string;
}

/** Rows with fewer output tokens measure mostly the prompt: they are not fitted on. */
const FEW_OUTPUT_TOKENS = 16;

/** The serving measurements with a prompt and output length on a GPU of the database, one row per figure, resolved. */
export function loadRows(file: ServingMeasurements, world: RowWorld): LoadRow[] {
  const name = "data/measurements/serving.json";
  const lookup = gpuLookup(world.gpus);
  return file.points.flatMap((p, i) => {
    if (p.prompt_tokens === null || p.output_tokens === null) return [];
    const { model, quant } = modelAndQuant(name, i, p, world);
    // A GPU the database lacks has no figures to predict with: its rows wait for it.
    const found = lookup(p.gpu);
    if (found.kind !== "found") return [];
    const tp = p.tensor_parallel;
    const parallelism: Parallelism = tp > 1 ? { gpusPerReplica: tp, split: "tensor" } : SINGLE;
    const excluded = p.excluded ?? (p.output_tokens < FEW_OUTPUT_TOKENS ? `fewer than ${FEW_OUTPUT_TOKENS} output tokens` : undefined);
    const facts = world.backendFacts.backends[p.backend];
    if (!facts) throw new Error(`${name}: points.${i}.backend: "${p.backend}" is not a backend of engines.json`);
    const base = {
      model,
      quant,
      backend: backendOf(name, i, p.backend, world),
      facts,
      gpu: found.item,
      parallelism,
      replicas: Math.max(1, Math.floor(p.n_gpus / tp)),
      kvDtype: p.kv_dtype as KvDtype | undefined,
      promptTokens: p.prompt_tokens,
      outputTokens: p.output_tokens,
      load: p.load,
      requests: p.num_prompts,
      split: p.split,
      excluded,
      source: where(name, i),
      label: `${p.model} ${p.quant} ${p.backend} on ${p.n_gpus > 1 ? `${p.n_gpus}× ` : ""}${found.item.name}${tp > 1 ? ` (TP ${tp})` : ""}, ${loadWords(p.load)}, ${p.prompt_tokens} in, ${p.output_tokens} out`,
    };
    const m = p.metrics;
    const figures: [LoadMetric, number | undefined][] = [
      ["output_tps", m.output_tps],
      ["ttft_ms_p50", m.ttft_ms_p50],
      ["tpot_ms_p50", m.tpot_ms_p50],
      ["itl_ms_p50", m.itl_ms_p50],
    ];
    return figures.flatMap(([metric, measured]) => (measured === undefined || !predictsMetric(p.load.kind, metric) ? [] : [{ ...base, metric, measured }]));
  });
}

/** Latencies are predicted under arrivals (a rate or a closed loop); a static batch or an offline run gives throughput alone. */
function predictsMetric(kind: LoadRow["load"]["kind"], metric: LoadMetric): boolean {
  return metric === "output_tps" || kind === "request_rate" || kind === "concurrency";
}

function loadWords(load: LoadRow["load"]): string {
  switch (load.kind) {
    case "concurrency":
      return `${load.value} concurrent`;
    case "batch":
      return `batch ${load.value}`;
    case "request_rate":
      return load.value === undefined ? "unbounded rate" : `${load.value} req/s`;
    case "offline":
      return "offline";
  }
}

/** Each load row's replica subject and frame: its memory and scheduler do not change as a fit tries coefficients. */
const frames = new WeakMap<LoadRow, { vram: VramV2; subject: ReplicaSubject; frame: ReplicaFrame }>();

/** The replica a load row runs, under a section (the benchmark's sequence cap where it set one; a calibration's factors, if given). */
export function loadReplica(row: LoadRow, section: StepV1, vram: VramV2, calibrator?: Calibrator): ServingReplica {
  const perReplica = (n: number) => Math.ceil(n / row.replicas);
  const cap = row.load.kind === "offline" && row.requests !== undefined ? perReplica(row.requests) : undefined;
  let cached = frames.get(row);
  if (cached?.vram !== vram) {
    const subject: ReplicaSubject = {
      model: row.model,
      quant: row.quant,
      backend: row.backend,
      facts: row.facts,
      gpu: row.gpu,
      parallelism: row.parallelism,
      kvDtype: row.kvDtype,
      promptTokens: row.promptTokens,
      outputTokens: row.outputTokens,
      contextLength: row.promptTokens + row.outputTokens,
    };
    frames.set(row, (cached = { vram, subject, frame: replicaFrame(subject, vram) }));
  }
  const built = servingReplica(cached.subject, section, vram, cached.frame);
  if (cap !== undefined) built.replica.maxSequences = Math.min(built.replica.maxSequences, cap);
  const factors = factorsOf(row, calibrator);
  return hasFactors(factors) ? { ...built, replica: calibratedReplica(built.replica, factors) } : built;
}

/** What the physics predicts for a load row's figure, by its replica (each replica takes an equal share of the load). */
export function predictLoad(row: LoadRow, built: ServingReplica): number {
  const r = built.replica;
  const perReplica = (n: number) => Math.max(1, Math.ceil(n / row.replicas));
  const limit = concurrencyLimit(r);
  const load = row.load;
  if (load.kind === "batch") {
    // A static batch decoding together (llama-batched-bench, benchmark_latency): its tokens over its steps.
    const b = perReplica(load.value);
    return (row.replicas * b) / decodeStepS(r.step, b, row.promptTokens + row.outputTokens / 2);
  }
  if (load.kind === "offline" || (load.kind === "request_rate" && load.value === undefined)) {
    return row.replicas * saturation(r, limit).requestsPerS * row.outputTokens;
  }
  if (load.kind === "concurrency") {
    const closed = closedLoop(r, limit, perReplica(load.value));
    if (row.metric === "output_tps") return row.replicas * closed.requestsPerS * row.outputTokens;
    return row.metric === "ttft_ms_p50" ? closed.ms.ttft.p50 : row.metric === "tpot_ms_p50" ? closed.ms.tpot.p50 : closed.ms.itl.p50;
  }
  const rate = (load.value ?? Infinity) / row.replicas;
  if (row.metric === "output_tps") return row.replicas * Math.min(rate, saturation(r, limit).requestsPerS) * row.outputTokens;
  const open = replicaUnderLoad(r, limit, rate);
  return row.metric === "ttft_ms_p50" ? open.ms.ttft.p50 : row.metric === "tpot_ms_p50" ? open.ms.tpot.p50 : open.ms.itl.p50;
}
