import type { ServingBackend } from "../schema/fitted-models.js";
import { referenceEta, serialFraction } from "./scaling.js";
import type { FittedModels, Gpu, ModelSpec, QuantLevel } from "./types.js";
import { weightsGb } from "./vram.js";

/** How one request's speed falls as more share a GPU, and where that law comes from. */
export interface ConcurrencyModel {
  /** Per-request efficiency with `c` requests on one GPU, against one request alone; η(1) = 1. */
  eta(c: number): number;
  /** The most concurrent requests per GPU the planner considers. */
  maxConcurrency: number;
  source: "measured" | "estimated";
  detail: string;
}

/** Textbook Amdahl per-request efficiency (TR129's form): η(N) = 1 / (sN + 1 − s). */
export function amdahlEta(serial: number, c: number): number {
  return 1 / (serial * c + 1 - serial);
}

/**
 * Continuous batching (TR132): a decode step reads the weights once for every sequence in the batch, at
 * `efficiency` × the GPU's bandwidth, then spends a per-sequence time. With T1 the time of one request's
 * step (1 / tok/s), the weight read Tw = weights / (bandwidth × efficiency) and the per-sequence part
 * Ts = T1 − Tw, so η(c) = T1 / (Tw + c Ts). Ts is never below `minSequenceShare` × T1: when the
 * single-request figure (an estimate, say) is no slower than the weight read alone, the split is unknown,
 * and the smallest share measured stands in for it rather than batching for free.
 */
export function batchingEta(
  tokensPerSecond: number,
  weightGb: number,
  bandwidthGbps: number,
  efficiency: number,
  minSequenceShare = 0,
) {
  const t1 = 1 / tokensPerSecond;
  const perSequence = Math.max(t1 - weightGb / (bandwidthGbps * efficiency), minSequenceShare * t1);
  const weightRead = t1 - perSequence;
  return { weightReadS: weightRead, perSequenceS: perSequence, eta: (c: number) => t1 / (weightRead + c * perSequence) };
}

/** The reference's law (the TR133 file has no serving section): η(N) = 1 / (s + (1 − s) N). */
function referenceModel(model: ModelSpec, backend: string, fitted: FittedModels, maxConcurrency: number): ConcurrencyModel {
  const s = serialFraction(model.name, backend, fitted.scaling);
  return {
    eta: (c) => referenceEta(s.value, c),
    maxConcurrency,
    source: s.source,
    detail: `the reference's η(N) = 1 / (s + (1 − s)N), ${s.source === "measured" ? "fitted" : `${backend} default`} serial fraction s = ${s.value.toFixed(3)}`,
  };
}

/** The backend's measured mechanism, from the serving section. */
function servingModel(
  model: ModelSpec,
  quant: QuantLevel,
  backend: ServingBackend,
  tokensPerSecond: number,
  gpu: Gpu,
): ConcurrencyModel {
  const fittedOn = backend.fitted_on ?? [];
  if (backend.mechanism === "amdahl") {
    const fitted = backend.serial_fractions?.[model.name];
    const s = fitted ?? backend.default_serial_fraction ?? 0;
    return {
      eta: (c) => amdahlEta(s, c),
      maxConcurrency: backend.max_concurrency,
      source: fitted !== undefined ? "measured" : "estimated",
      detail: `Amdahl η(N) = 1 / (sN + 1 − s), ${fitted !== undefined ? "TR129's fitted" : "default"} serial fraction s = ${s.toFixed(3)}`,
    };
  }
  const efficiency = backend.weight_read_efficiency ?? 1;
  const b = batchingEta(tokensPerSecond, weightsGb(model, quant), gpu.bandwidth_gbps, efficiency, backend.min_sequence_share);
  return {
    eta: b.eta,
    maxConcurrency: backend.max_concurrency,
    source: fittedOn.includes(model.name) ? "measured" : "estimated",
    detail:
      `continuous batching: weights read once per step (${(b.weightReadS * 1000).toFixed(2)} ms at ` +
      `${Math.round(efficiency * 100)}% of bandwidth) + ${(b.perSequenceS * 1000).toFixed(2)} ms per sequence`,
  };
}

/** How concurrent requests share one GPU for this configuration, by the serving section or the reference. */
export function concurrencyModel(
  fitted: FittedModels,
  model: ModelSpec,
  quant: QuantLevel,
  backend: string,
  tokensPerSecond: number,
  gpu: Gpu,
  referenceMax: number,
): ConcurrencyModel {
  const serving = fitted.serving_v1?.backends[backend];
  return serving ? servingModel(model, quant, serving, tokensPerSecond, gpu) : referenceModel(model, backend, fitted, referenceMax);
}

/** Whether the serving section lets `backend` serve `quant` (without a serving section, every backend serves every quant). */
export function serves(fitted: FittedModels, backend: string, quant: QuantLevel): boolean {
  const serving = fitted.serving_v1?.backends[backend];
  return serving ? serving.formats.includes(quant.format) : true;
}
