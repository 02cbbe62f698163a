import type { ServingBackend } from "../../schema/fitted-models.js";
import type { DecodeStep } from "./roofline.js";
import { referenceEta, serialFraction } from "./reference-scaling.js";
import type { FittedModels, ModelSpec } from "../catalog/types.js";
import { own } from "../own.js";

/** How one request's speed falls as more share a GPU, and where that law comes from. */
export interface ConcurrencyModel {
  /** Per-request efficiency with `c` requests on one GPU, against one request alone; η(1) = 1. */
  eta(c: number): number;
  /** The most concurrent requests per GPU measured: beyond it the law is extrapolated. */
  maxConcurrency: number;
  /** The most the backend runs at once: the search goes this far (the KV cache may stop it sooner). */
  maxSequences: number;
  /** The law's numbers, as text: two models with the same key have the same η at every concurrency. */
  key: string;
  source: "measured" | "estimated";
  /** What a person reads: the law and its coefficients (built only for what is printed). */
  detail(): string;
}

/** Textbook Amdahl per-request efficiency (TR129's form): η(N) = 1 / (sN + 1 − s). */
export function amdahlEta(serial: number, c: number): number {
  return 1 / (serial * c + 1 - serial);
}

/** The reference's law (the TR133 file has no serving section): η(N) = 1 / (s + (1 − s) N). */
export function referenceConcurrency(model: ModelSpec, backend: string, fitted: FittedModels, maxConcurrency: number): ConcurrencyModel {
  const s = serialFraction(model.name, backend, fitted.scaling);
  return {
    eta: (c) => referenceEta(s.value, c),
    maxConcurrency,
    maxSequences: maxConcurrency,
    key: `r${s.value}`,
    source: s.source,
    detail: () =>
      `the reference's η(N) = 1 / (s + (1 − s)N), ${s.source === "measured" ? "fitted" : `${backend} default`} serial fraction s = ${s.value.toFixed(3)}`,
  };
}

/**
 * Continuous batching: a decode step reads the weights once for every sequence in the batch, while each
 * sequence adds its KV cache read and a fixed per-sequence time (sampling, scheduling). With the single
 * sequence's step split by the roofline, memory(c) = fixed + weights + c × (KV + per-sequence); the batch
 * also needs c × `computeS` of arithmetic, and the step takes the slower of the two. η(c) = step(1) / step(c).
 */
export function batchingEta(step: DecodeStep, sequenceMs: number, computeS = 0): (c: number) => number {
  const shared = step.fixedS + step.weightsS;
  const perSequence = step.kvS + sequenceMs / 1000;
  const one = Math.max(shared + perSequence, computeS);
  return (c) => one / Math.max(shared + c * perSequence, c * computeS);
}

/** The most sequences a batching engine is planned with when it sets no cap of its own. */
const MAX_SEQUENCES = 1024;

/**
 * How concurrent requests share one replica by the backend's mechanism in the serving section: Amdahl up
 * to the measured range; continuous batching up to the engine's cap (`maxSequences`), memory- or
 * compute-bound, extrapolated past what was measured.
 */
export function servingConcurrency(
  model: ModelSpec,
  backend: ServingBackend,
  step: DecodeStep,
  computeS = 0,
  maxSequences = MAX_SEQUENCES,
): ConcurrencyModel {
  if (backend.mechanism === "amdahl") {
    const fitted = own(backend.serial_fractions, model.name);
    const s = fitted ?? backend.default_serial_fraction ?? 0;
    return {
      eta: (c) => amdahlEta(s, c),
      maxConcurrency: backend.max_concurrency,
      maxSequences: backend.max_concurrency,
      key: `a${s}|${backend.max_concurrency}`,
      source: fitted !== undefined ? "measured" : "estimated",
      detail: () => `Amdahl η(N) = 1 / (sN + 1 − s), ${fitted !== undefined ? "TR129's fitted" : "default"} serial fraction s = ${s.toFixed(3)}`,
    };
  }
  const sequenceMs = backend.sequence_ms ?? 0;
  const ms = (s: number) => (s * 1000).toFixed(2);
  return {
    eta: batchingEta(step, sequenceMs, computeS),
    maxConcurrency: backend.max_concurrency,
    maxSequences: Math.max(backend.max_concurrency, maxSequences),
    key: `b${step.fixedS + step.weightsS}|${step.kvS + sequenceMs / 1000}|${computeS}|${Math.max(backend.max_concurrency, maxSequences)}`,
    source: backend.source === "measured" && (backend.fitted_on ?? []).includes(model.name) ? "measured" : "estimated",
    detail: () =>
      `continuous batching: a step reads the weights once (${ms(step.fixedS + step.weightsS)} ms) ` +
      `+ ${ms(step.kvS + sequenceMs / 1000)} ms per sequence (its KV cache and ${sequenceMs.toFixed(2)} ms of scheduling)` +
      (computeS > 0 ? `, or ${ms(computeS)} ms of compute per sequence when that is slower` : ""),
  };
}
