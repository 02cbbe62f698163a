import { referenceEta, serialFraction } from "./reference-scaling.js";
import type { FittedModels, ModelSpec } from "../catalog/types.js";

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
